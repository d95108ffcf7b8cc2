import type { Rule } from '../types';
import { AWS_RULES } from './aws';
import { DOCKER_RULES } from './docker';
import { KUBERNETES_RULES } from './kubernetes';
import { PLAN_RULES } from './plan';
import { SPEC_RULES } from './spec';

/** Every rule, one per file, grouped by stage and target. */
export const RULES: readonly Rule[] = [...SPEC_RULES, ...DOCKER_RULES, ...KUBERNETES_RULES, ...AWS_RULES, ...PLAN_RULES];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
