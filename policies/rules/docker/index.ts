import type { Rule } from '../../types';
import { dkr001 } from './dkr-001';
import { dkr002 } from './dkr-002';
import { dkr003 } from './dkr-003';
import { dkr004 } from './dkr-004';
import { dkr005 } from './dkr-005';
import { dkr006 } from './dkr-006';

/** Synth-stage rules of the docker target: checked on the resolved cdk.tf.json of a docker stack. */
export const DOCKER_RULES: readonly Rule[] = [dkr001, dkr002, dkr003, dkr004, dkr005, dkr006];

export { dkr001, dkr002, dkr003, dkr004, dkr005, dkr006 };
