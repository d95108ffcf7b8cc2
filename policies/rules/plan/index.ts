import type { Rule } from '../../types';
import { plan001 } from './plan-001';
import { plan002 } from './plan-002';
import { plan003 } from './plan-003';
import { plan004 } from './plan-004';
import { plan005 } from './plan-005';

/** Plan-stage rules: checked on `terraform show -json` of a stack's plan (any target). */
export const PLAN_RULES: readonly Rule[] = [plan001, plan002, plan003, plan004, plan005];

export { plan001, plan002, plan003, plan004, plan005 };
export { STATEFUL_TYPES } from '../../../lib/tfjson/risk';
