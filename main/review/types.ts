/**
 * Shapes of side-by-side review shared by its pure core (sampling, blinding, statistics, export), its service and
 * its pages. Pure: no I/O here.
 */

/** The two outputs compared: A is the review's first run, B its second run or the references. */
export type Side = 'A' | 'B';
/** Which side is shown on the left: 'AB' shows A left, 'BA' shows B left. */
export type Order = 'AB' | 'BA';
/** A preference in A/B terms, the form in which judgments are stored and counted. */
export type Preference = Side | 'tie';
/** A preference as the reviewer gave it, in screen terms, before it is mapped back through the order. */
export type ShownPreference = 'left' | 'right' | 'tie';

/** The rubric's criterion names, in the order shown (the contract's Criterion adds descriptions for the page). */
export type Rubric = readonly string[];

/** An example both runs generated an output for, before sampling. */
export interface Candidate {
  /** Stable id of the example; it also keys the blinding order, so it must be unique. */
  key: string;
  template: string;
  seen: boolean;
  rating: number | null;
  /** Output of side A. */
  a: string;
  /** Output of side B. */
  b: string;
}

/** One slot of a review, in the order shown. */
export interface SampledPair {
  /** 0-based order in which the pair is shown. */
  position: number;
  key: string;
  template: string;
  seen: boolean;
  rating: number | null;
  order: Order;
  /** Position of the original when this slot repeats it with the sides swapped; null for an original. */
  repeatOf: number | null;
}

/** Rubric scores for each side, by criterion name; a criterion left unscored is absent. */
export interface SideScores {
  a: Record<string, number>;
  b: Record<string, number>;
}

/** One reviewer's judgment of one slot, already mapped to A/B terms. */
export interface Judgment {
  reviewer: string;
  position: number;
  key: string;
  template: string;
  seen: boolean;
  /** The order the pair was shown in, kept for position bias and the export. */
  order: Order;
  repeatOf: number | null;
  preference: Preference;
  scores: SideScores;
  comment: string;
}
