import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bleuFromStats, corpusBleu, rougeL, rougeN, rougeTokenize, textSummary, tokenize13a } from '../../../main/evaluation/text';

const close = (actual: number | null, expected: number, tol: number, what: string): void =>
  assert.ok(actual !== null && Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected}`);

// sacrebleu's README example (also its test_bleu.py, which expects 48.530827 to 1e-8 with the defaults).
const README_HYPS = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'];
const README_REFS = [
  ['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
  ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.'],
];

test('sacrebleu README: BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)', () => {
  const b = corpusBleu(README_HYPS, README_REFS);
  close(b.score, 48.530827, 1e-6, 'BLEU');
  assert.deepEqual(
    b.precisions.map((p) => p.toFixed(1)),
    ['82.4', '50.0', '45.5', '37.5'],
  );
  assert.equal(b.brevityPenalty.toFixed(3), '0.943');
  assert.equal(b.sysLength, 17);
  assert.equal(b.refLength, 18);
});

test('sacrebleu README, variable references (first reference missing): BLEU = 29.44 82.4/42.9/27.3/12.5, BP 0.889, 17/19', () => {
  for (const missing of ['', null]) {
    const refs = [[missing, ...README_REFS[0]!.slice(1)], README_REFS[1]!];
    const b = corpusBleu(README_HYPS, refs);
    assert.equal(b.score.toFixed(2), '29.44');
    assert.deepEqual(
      b.precisions.map((p) => p.toFixed(1)),
      ['82.4', '42.9', '27.3', '12.5'],
    );
    assert.equal(b.brevityPenalty.toFixed(3), '0.889');
    assert.equal(b.refLength, 19);
  }
});

test('sacrebleu test_bleu.py: empty hypotheses score 0; compute_bleu([9,7,5,3], [10,8,6,4], 11, 11) = 83.75922397', () => {
  assert.equal(corpusBleu(['', '', ''], README_REFS).score, 0);
  close(bleuFromStats({ correct: [9, 7, 5, 3], total: [10, 8, 6, 4], sysLength: 11, refLength: 11 }).score, 83.75922397, 1e-7, 'BLEU');
});

test('13a tokenization splits punctuation as mteval-v13a does', () => {
  assert.deepEqual(tokenize13a("It wasn't surprising."), ['It', "wasn't", 'surprising', '.']);
  assert.deepEqual(tokenize13a('3.5-4 stars, 1,000 fans'), ['3.5', '-', '4', 'stars', ',', '1,000', 'fans']);
  assert.deepEqual(tokenize13a('$10 (ok) "a" &amp; x&lt;y'), ['$', '10', '(', 'ok', ')', '"', 'a', '"', '&', 'x', '<', 'y']);
  assert.deepEqual(tokenize13a('well-known  e-mail\n'), ['well-known', 'e-mail']);
});

test('BLEU on hand-computed cases: exp smoothing, brevity penalty, closest reference length', () => {
  // "the cat sat on the mat" vs "the cat is on the mat": matches 5/6, 3/5, 1/4, 0/3; the empty 4-gram order is
  // smoothed to 1/(2·3). BP = 1. BLEU-4 = (5/6 · 3/5 · 1/4 · 1/6)^(1/4); BLEU-2 = (5/6 · 3/5)^(1/2) = √0.5.
  const four = corpusBleu(['the cat sat on the mat'], [['the cat is on the mat']]);
  assert.deepEqual(four.correct, [5, 3, 1, 0]);
  assert.deepEqual(four.total, [6, 5, 4, 3]);
  close(four.score, 100 * ((5 / 6) * (3 / 5) * (1 / 4) * (1 / 6)) ** 0.25, 1e-9, 'BLEU-4');
  close(corpusBleu(['the cat sat on the mat'], [['the cat is on the mat']], { maxOrder: 2 }).score, 100 * Math.sqrt(0.5), 1e-9, 'BLEU-2');
  // "the cat" vs a 6-token reference: BP = exp(1 − 6/2) = e⁻²; no trigram exists, so BLEU-4 is 0 (as in
  // sacrebleu, whose floored log sends a missing order to 0), while BLEU-2 = e⁻² · 100.
  assert.ok(corpusBleu(['the cat'], [['the cat sat on the mat']]).score < 1e-12);
  const short = corpusBleu(['the cat'], [['the cat sat on the mat']], { maxOrder: 2 });
  close(short.brevityPenalty, Math.exp(-2), 1e-12, 'BP');
  close(short.score, 100 * Math.exp(-2), 1e-9, 'BLEU-2');
  // Hypothesis of 4 tokens, references of 3 and 5: equally close, the shorter wins, so r = 3 and BP = 1
  // (taking 5 would give exp(1 − 5/4)). Every n-gram appears in the longer reference: BLEU = 100.
  const tie = corpusBleu(['a b c d'], [['a b c'], ['a b c d e']]);
  assert.equal(tie.refLength, 3);
  close(tie.score, 100, 1e-9, 'BLEU');
  // Clipping: "the the the" against "the cat" matches one "the" only → unigram precision 1/3.
  assert.deepEqual(corpusBleu(['the the the'], [['the cat']], { maxOrder: 1 }).correct, [1]);
});

test('BLEU input errors: stream length mismatch, a hypothesis without any reference', () => {
  assert.throws(() => corpusBleu(['a', 'b'], [['a']]), RangeError);
  assert.throws(() => corpusBleu(['a'], [['']]), RangeError);
});

test("rouge-score README: 'The quick brown fox jumps over the lazy dog' vs 'The quick brown dog jumps on the log.'", () => {
  const target = 'The quick brown fox jumps over the lazy dog';
  const prediction = 'The quick brown dog jumps on the log.';
  // rouge1: 6 shared unigrams (the×2, quick, brown, dog, jumps) → P = 6/8, R = 6/9; rougeL: LCS "the quick brown
  // jumps the" = 5 → P = 5/8, R = 5/9.
  const r1 = rougeN(target, prediction, 1);
  close(r1.precision, 0.75, 1e-12, 'R1 P');
  close(r1.recall, 2 / 3, 1e-12, 'R1 R');
  close(r1.fmeasure, 0.7058823529411765, 1e-12, 'R1 F');
  const rl = rougeL(target, prediction);
  close(rl.precision, 0.625, 1e-12, 'RL P');
  close(rl.recall, 0.5555555555555556, 1e-12, 'RL R');
  close(rl.fmeasure, 0.5882352941176471, 1e-12, 'RL F');
});

test('rouge-score unit tests: testRouge1, testRouge2, testRougeLConsecutive/NonConsecutive, testRougeEmpty', () => {
  const r1 = rougeN('testing one two', 'testing', 1);
  assert.deepEqual([r1.precision, r1.recall], [1, 1 / 3]);
  close(r1.fmeasure, 0.5, 1e-12, 'R1 F');
  const r2 = rougeN('testing one two', 'testing one', 2);
  assert.deepEqual([r2.precision, r2.recall], [1, 1 / 2]);
  close(r2.fmeasure, 2 / 3, 1e-12, 'R2 F');
  for (const prediction of ['testing one', 'testing two'])
    close(rougeL('testing one two', prediction).fmeasure, 4 / 5, 1e-12, `RL ${prediction}`);
  for (const score of [rougeN('testing one two', '', 1), rougeN('testing one two', '', 2), rougeL('testing one two', '')]) {
    assert.deepEqual(score, { precision: 0, recall: 0, fmeasure: 0 });
  }
});

// rouge-score's testdata/target.txt and prediction.txt (first two lines) with the ROUGE-1.5.5 figures its
// rouge_scorer_test.py checks to 5 places (no stemming): these strings exercise the tokenizer hard.
const PERL_CASES = [
  {
    target:
      "ZfbCUIUuePaiLVUlCaUXxkpu XPeWing tUHfPMuZ',-Xd Y BrUgVJing M-HV.-DgdDaY.rFDJCRing Ht-LM EKBDXkME,yz'RBr q'wtion wIojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxer tKM L",
    prediction: "rFDJCRtion Ht-LM EKtDXkME,yz'RBr q'wer wrojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxi",
    r1: [0.6875, 0.40741, 0.51163],
    r2: [0.53333, 0.30769, 0.39024],
    rl: [0.6875, 0.40741, 0.51163],
  },
  {
    target:
      "KsJdPByEtAor fE-Qg Dpdbring cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMtion psing sbKao Q m qiing LMmer HqqLFXe,XPY,J XsurkMer ,ed nB'wH'bWVHjWFEing tQ.saefZwJtKrTlixYpMMsJing UCAPwNHeYVjDing c T BUySKtion gMPfJpwGw p'NvxAoping eu pBwMBKV'I DNxqelhu,PHPxDEq,mtion SN",
    prediction:
      "n cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMer pstion sbKao Q m qier LMmed HqqLFXe,XPY,J XsurkMeo ,ed nB'wH'bWVHjWFEer tQ.saefZwJtKrTlixYpMMNJtion UCAPwNHeYVjD",
    r1: [0.65385, 0.40476, 0.5],
    r2: [0.48, 0.29268, 0.36364],
    rl: [0.65385, 0.40476, 0.5],
  },
];

test('ROUGE-1/2/L agree with ROUGE-1.5.5 on rouge-score test data to 5 places', () => {
  for (const c of PERL_CASES) {
    const got = { r1: rougeN(c.target, c.prediction, 1), r2: rougeN(c.target, c.prediction, 2), rl: rougeL(c.target, c.prediction) };
    for (const key of ['r1', 'r2', 'rl'] as const) {
      const [p, r, f] = c[key];
      close(got[key].precision, p as number, 5e-6, `${key} P`);
      close(got[key].recall, r as number, 5e-6, `${key} R`);
      close(got[key].fmeasure, f as number, 5e-6, `${key} F`);
    }
  }
});

test('ROUGE on a hand-computed case: lower-casing, punctuation as separators, LCS across the whole text', () => {
  // Tokens: target [a, cat, sat, on, the, mat]; prediction [the, cat, sat, on, a, mat].
  assert.deepEqual(rougeTokenize('A cat! sat;\non-the MAT'), ['a', 'cat', 'sat', 'on', 'the', 'mat']);
  // ROUGE-1: the same multiset → 1. ROUGE-2: shared bigrams "cat sat", "sat on" → 2/5 each way.
  // ROUGE-L: LCS "cat sat on mat" = 4 → 4/6 each way (the newline does not split it, unlike rougeLsum).
  const target = 'A cat! sat;\non-the MAT';
  const prediction = 'the cat sat on a mat';
  close(rougeN(target, prediction, 1).fmeasure, 1, 1e-12, 'R1');
  close(rougeN(target, prediction, 2).fmeasure, 0.4, 1e-12, 'R2');
  close(rougeL(target, prediction).fmeasure, 4 / 6, 1e-12, 'RL');
  assert.deepEqual(rougeTokenize('Café naïve'), ['caf', 'na', 've'], 'non-ASCII letters are separators, as in rouge-score');
});

test('textSummary: corpus BLEU-4/BLEU-2 and mean ROUGE F-measures, ×100', () => {
  const pairs = [
    { prediction: 'The quick brown dog jumps on the log.', reference: 'The quick brown fox jumps over the lazy dog' },
    { prediction: 'testing one', reference: 'testing one two' },
  ];
  const s = textSummary(pairs);
  assert.equal(s.count, 2);
  close(s['ROUGE-1'], (100 * (0.7058823529411765 + 0.8)) / 2, 1e-9, 'ROUGE-1');
  close(s['ROUGE-L'], (100 * (0.5882352941176471 + 0.8)) / 2, 1e-9, 'ROUGE-L');
  const hyps = pairs.map((p) => p.prediction);
  const refs = [pairs.map((p) => p.reference)];
  close(s['BLEU-4'], corpusBleu(hyps, refs).score, 1e-12, 'BLEU-4');
  close(s['BLEU-2'], corpusBleu(hyps, refs, { maxOrder: 2 }).score, 1e-12, 'BLEU-2');
  assert.ok((s['BLEU-2'] as number) > (s['BLEU-4'] as number));
  assert.equal(textSummary([])['BLEU-4'], null);
});
