import type { Rule } from '../../types';

export const PLAN_RULES: readonly Rule[] = [];
