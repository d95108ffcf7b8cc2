import type { Rule } from '../../types';

export const AWS_RULES: readonly Rule[] = [];
