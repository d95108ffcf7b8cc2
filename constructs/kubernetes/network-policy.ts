/**
 * Construct IDs: none of its own; `datastoreNetworkPolicy` creates the `NetworkPolicy` child
 * (kubernetes_network_policy_v1) of the datastore construct that calls it.
 */
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import type { Construct } from 'constructs';
import type { Labels } from './labels';

export interface DatastoreNetworkPolicyProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
  /** The datastore's pods. */
  readonly podSelector: Labels;
  /** Selector labels of the pods allowed in (pods of this namespace only); none: nothing is admitted. */
  readonly clients: readonly Labels[];
  readonly port: number;
}

/**
 * A NetworkPolicy that admits ingress to a datastore's pods only from the given pods of the same namespace,
 * on the datastore's port. Not a construct of its own: the datastore constructs create it as their
 * `NetworkPolicy` child (kubernetes_network_policy_v1).
 */
export function datastoreNetworkPolicy(scope: Construct, id: string, props: DatastoreNetworkPolicyProps): NetworkPolicyV1 {
  return new NetworkPolicyV1(scope, id, {
    metadata: { name: props.name, namespace: props.namespace, labels: { ...props.labels } },
    spec: {
      podSelector: { matchLabels: { ...props.podSelector } },
      policyTypes: ['Ingress'],
      // An ingress rule without `from` admits everyone, so no clients means no rule at all (deny all).
      ...(props.clients.length > 0
        ? {
            ingress: [
              {
                from: props.clients.map((c) => ({ podSelector: { matchLabels: { ...c } } })),
                ports: [{ port: String(props.port), protocol: 'TCP' }],
              },
            ],
          }
        : {}),
    },
  });
}
