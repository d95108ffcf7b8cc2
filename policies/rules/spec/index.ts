import type { Rule } from '../../types';
import { specData001 } from './spec-data-001';
import { specData002 } from './spec-data-002';
import { specData004 } from './spec-data-004';
import { specData005 } from './spec-data-005';
import { specEnv001 } from './spec-env-001';
import { specHc001 } from './spec-hc-001';
import { specHc002 } from './spec-hc-002';
import { specHc003 } from './spec-hc-003';
import { specImg001 } from './spec-img-001';
import { specImg002 } from './spec-img-002';
import { specImg003 } from './spec-img-003';
import { specPort001 } from './spec-port-001';
import { specRep001 } from './spec-rep-001';
import { specRes001 } from './spec-res-001';
import { specRoll001 } from './spec-roll-001';

/** Spec-stage rules: checked on the environment's config and model, before rendering. */
export const SPEC_RULES: readonly Rule[] = [
  specImg001,
  specImg002,
  specImg003,
  specHc001,
  specHc002,
  specHc003,
  specRes001,
  specRep001,
  specRoll001,
  specEnv001,
  specPort001,
  specData001,
  specData002,
  specData004,
  specData005,
];

export {
  specData001,
  specData002,
  specData004,
  specData005,
  specEnv001,
  specHc001,
  specHc002,
  specHc003,
  specImg001,
  specImg002,
  specImg003,
  specPort001,
  specRep001,
  specRes001,
  specRoll001,
};
