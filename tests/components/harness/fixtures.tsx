/** The fixtures the component tests mount: one component each, fixture props, and the fake back end's answers. */
import type { ReactNode } from 'react';
import { FIXTURE_CHARTS } from './fixtures-charts';
import { FIXTURE_ENTITIES } from './fixtures-entities';
import { FIXTURE_IMPORT } from './fixtures-import';
import { FIXTURE_JUDGING } from './fixtures-judging';
import { FIXTURE_RUN_FORM } from './fixtures-run-form';

export type Fixture = (params: Record<string, unknown>) => ReactNode;

export const FIXTURES: Record<string, Fixture> = {
  ...FIXTURE_CHARTS,
  ...FIXTURE_ENTITIES,
  ...FIXTURE_IMPORT,
  ...FIXTURE_JUDGING,
  ...FIXTURE_RUN_FORM,
};
