import type { Rule } from '../../types';
import { awsAlb001 } from './aws-alb-001';
import { awsAlb002 } from './aws-alb-002';
import { awsAlb003 } from './aws-alb-003';
import { awsEc001 } from './aws-ec-001';
import { awsEc002 } from './aws-ec-002';
import { awsEcs001 } from './aws-ecs-001';
import { awsEcs002 } from './aws-ecs-002';
import { awsEcs003 } from './aws-ecs-003';
import { awsEcs006 } from './aws-ecs-006';
import { awsEcs007 } from './aws-ecs-007';
import { awsEcs008 } from './aws-ecs-008';
import { awsNet001 } from './aws-net-001';
import { awsRds001 } from './aws-rds-001';
import { awsRds002 } from './aws-rds-002';
import { awsRds003 } from './aws-rds-003';
import { awsRds004 } from './aws-rds-004';
import { awsRds005 } from './aws-rds-005';
import { awsRds006 } from './aws-rds-006';

/** Synth-stage rules of the aws target: checked on the resolved cdk.tf.json of an aws stack. */
export const AWS_RULES: readonly Rule[] = [
  awsEcs001,
  awsEcs002,
  awsEcs003,
  awsEcs006,
  awsEcs007,
  awsEcs008,
  awsRds001,
  awsRds002,
  awsRds003,
  awsRds004,
  awsRds005,
  awsRds006,
  awsEc001,
  awsEc002,
  awsAlb001,
  awsAlb002,
  awsAlb003,
  awsNet001,
];

export {
  awsAlb001,
  awsAlb002,
  awsAlb003,
  awsEc001,
  awsEc002,
  awsEcs001,
  awsEcs002,
  awsEcs003,
  awsEcs006,
  awsEcs007,
  awsEcs008,
  awsNet001,
  awsRds001,
  awsRds002,
  awsRds003,
  awsRds004,
  awsRds005,
  awsRds006,
};
