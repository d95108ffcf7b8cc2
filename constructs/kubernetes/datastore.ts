import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import type { Construct } from 'constructs';
import type { KubernetesEnvironmentModel } from '../../model';
import { type Labels, selectorLabels } from './labels';
import { mebibytes, millicores } from './quantities';

/** Container resources of an in-cluster datastore (the model sizes datastores for AWS only). */
export interface DatastoreResources {
  /** vCPUs requested. */
  readonly cpu: number;
  /** Memory requested, MiB. */
  readonly memoryMiB: number;
  /** Memory limit, MiB. */
  readonly memoryLimitMiB: number;
}

/** The official postgres and redis images run their server as this uid/gid (`postgres`, `redis`). */
export const OFFICIAL_IMAGE_UID = 999;

/** Where the target's `datastoreTlsSecret` is mounted (tls.crt, tls.key). */
export const TLS_DIR = '/etc/pinstack/tls';

/** Selector labels of the services that `uses` the datastore: the only pods its NetworkPolicy admits. */
export function clientSelectors(model: KubernetesEnvironmentModel, store: 'postgres' | 'redis'): Labels[] {
  return model.services.filter((s) => s.uses.includes(store)).map((s) => selectorLabels(model, s.name, 'service'));
}

/** The target's TLS secret for datastores; the loader refuses tls without it, this is the last guard. */
export function datastoreTlsSecret(model: KubernetesEnvironmentModel, store: 'postgres' | 'redis'): string {
  const secret = model.target.datastoreTlsSecret;
  if (!secret) throw new Error(`${store}.tls: TLS needs target.datastoreTlsSecret (a kubernetes.io/tls secret in namespace ${model.target.namespace}), got none`);
  return secret;
}

export function resourceRequirements(r: DatastoreResources): { requests: Record<string, string>; limits: Record<string, string> } {
  return {
    requests: { cpu: millicores(r.cpu), memory: mebibytes(r.memoryMiB) },
    limits: { memory: mebibytes(r.memoryLimitMiB) },
  };
}

/**
 * The headless ClusterIP Service of a datastore StatefulSet (child id `Service`): its stable DNS name inside
 * the namespace, never a LoadBalancer or NodePort.
 */
export function headlessService(
  scope: Construct,
  props: { name: string; namespace: string; labels: Labels; selector: Labels; portName: string; port: number },
): ServiceV1 {
  return new ServiceV1(scope, 'Service', {
    metadata: { name: props.name, namespace: props.namespace, labels: { ...props.labels } },
    spec: {
      type: 'ClusterIP',
      clusterIp: 'None',
      selector: { ...props.selector },
      port: [{ name: props.portName, port: props.port, targetPort: props.portName, protocol: 'TCP' }],
    },
  });
}
