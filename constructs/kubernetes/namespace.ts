/**
 * Construct IDs (public contract: they make the Terraform addresses; renaming one replaces the resource):
 * - `Namespace` construct: `Resource` (kubernetes_namespace_v1).
 */
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { Construct } from 'constructs';
import type { Labels } from './labels';

/** Pod Security Standard levels (https://kubernetes.io/docs/concepts/security/pod-security-standards/). */
export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

export interface NamespaceProps {
  readonly name: string;
  readonly labels: Labels;
  /** Pod Security Standard the namespace enforces; every pod pinstack renders passes "restricted". @default "restricted" */
  readonly podSecurity?: PodSecurityLevel;
}

/**
 * The environment's namespace, labelled with the model's labels and the enforced Pod Security Standard.
 *
 * Child IDs (public contract): `Resource` (kubernetes_namespace_v1).
 */
export class Namespace extends Construct {
  readonly resource: NamespaceV1;
  /** The namespace name as a reference, so that resources in it depend on it. */
  readonly name: string;

  constructor(scope: Construct, id: string, props: NamespaceProps) {
    super(scope, id);
    const level = props.podSecurity ?? 'restricted';
    this.resource = new NamespaceV1(this, 'Resource', {
      metadata: {
        name: props.name,
        labels: {
          ...props.labels,
          'pod-security.kubernetes.io/enforce': level,
          'pod-security.kubernetes.io/warn': level,
        },
      },
    });
    this.name = this.resource.metadata.name;
  }
}
