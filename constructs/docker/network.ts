import { Network } from '@cdktf/provider-docker/lib/network';
import { Construct } from 'constructs';
import { labelBlocks } from './terraform-values';

/**
 * The environment's user-defined bridge network (`<app>-<env>`). Services and datastores reach each other
 * by alias on it; datastores are attached to it only and publish no port. Not `internal`: services need
 * egress (registries, APIs).
 *
 * Construct IDs (public contract, they make the Terraform address):
 * - `Resource`: the `docker_network`.
 */
export interface EnvironmentNetworkProps {
  /** Network name, e.g. `acme-dev`. */
  readonly name: string;
  /** Labels on the network. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

export class EnvironmentNetwork extends Construct {
  readonly resource: Network;

  constructor(scope: Construct, id: string, props: EnvironmentNetworkProps) {
    super(scope, id);
    this.resource = new Network(this, 'Resource', {
      name: props.name,
      driver: 'bridge',
      internal: false,
      labels: labelBlocks(props.labels ?? {}),
    });
  }

  /** The network's name as a reference (containers that use it depend on it). */
  get name(): string {
    return this.resource.name;
  }
}
