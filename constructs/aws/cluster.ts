import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { Construct } from 'constructs';

/**
 * The ECS cluster of the environment, with Container Insights.
 *
 * Child IDs: `Resource` (aws_ecs_cluster).
 */
export interface ClusterProps {
  /** e.g. `acme-prod`. */
  readonly name: string;
}

export class Cluster extends Construct {
  readonly resource: EcsCluster;
  readonly arn: string;
  readonly name: string;

  constructor(scope: Construct, id: string, props: ClusterProps) {
    super(scope, id);
    this.resource = new EcsCluster(this, 'Resource', {
      name: props.name,
      setting: [{ name: 'containerInsights', value: 'enabled' }],
    });
    this.arn = this.resource.arn;
    this.name = this.resource.name;
  }
}
