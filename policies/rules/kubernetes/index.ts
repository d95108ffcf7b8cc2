import type { Rule } from '../../types';
import { k8s001 } from './k8s-001';
import { k8s002 } from './k8s-002';
import { k8s003 } from './k8s-003';
import { k8s004 } from './k8s-004';
import { k8s005 } from './k8s-005';
import { k8s006 } from './k8s-006';
import { k8s007 } from './k8s-007';
import { k8s008 } from './k8s-008';

/** Synth-stage rules of the kubernetes target: checked on the resolved cdk.tf.json of a kubernetes stack. */
export const KUBERNETES_RULES: readonly Rule[] = [k8s001, k8s002, k8s003, k8s004, k8s005, k8s006, k8s007, k8s008];

export { k8s001, k8s002, k8s003, k8s004, k8s005, k8s006, k8s007, k8s008 };
