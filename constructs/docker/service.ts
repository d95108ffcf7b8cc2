import { Container } from '@cdktf/provider-docker/lib/container';
import type { Image } from '@cdktf/provider-docker/lib/image';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { ServiceModel } from '../../model';
import { containerEnv, type DatastoreEndpoints, type SecretTokens } from './env';
import { dockerHealthcheck, dockerHealthTiming, waitTimeoutSeconds } from './health-check';
import { pinnedImage } from './image';
import type { EnvironmentNetwork } from './network';
import { labelBlocks, literal } from './terraform-values';

/**
 * One service: its pinned image and `replicas.min` containers (`<resourceName>-1` …), on the environment
 * network with the service name as alias (so `web` resolves to every replica). Only a service with
 * `ingress` publishes its port, on the target's `publishAddress`; the config allows one replica for it.
 * Containers run as `runAsUser`, with every capability dropped and no-new-privileges; never privileged, no
 * host network/pid/ipc, no host mounts.
 *
 * Construct IDs (public contract, they make the Terraform addresses):
 * - `Image`: the `docker_image` of the pinned reference.
 * - `Container1` … `ContainerN`: one `docker_container` per replica (scaling down removes the highest).
 */
export interface AppServiceProps {
  readonly model: ServiceModel;
  readonly network: EnvironmentNetwork;
  /** Host address the port of a service with `ingress` is published on. */
  readonly publishAddress: string;
  /** The stack's secret variables. */
  readonly secrets: SecretTokens;
  /** Datastore containers the wired variables point at. @default {} */
  readonly datastores?: DatastoreEndpoints;
  /** Resources the containers wait for (the datastore containers the service uses). @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** Labels on every container (`app.kubernetes.io/name` is added). @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Seconds docker waits for a graceful stop before killing a replaced or destroyed container. @default 30 */
  readonly stopGraceSeconds?: number;
}

export class AppService extends Construct {
  readonly image: Image;
  readonly containers: readonly Container[];

  constructor(scope: Construct, id: string, props: AppServiceProps) {
    super(scope, id);
    const s = props.model;
    // A service without checks still renders (policy SPEC-HC-001 / DKR-002 report it); `wait` then waits for "running".
    const healthcheck = dockerHealthcheck(s.healthChecks);
    const timing = dockerHealthTiming(s.healthChecks);
    if (s.ingress && s.port === undefined) throw new Error(`services.${s.name}.port: a service with ingress needs a port, got none`);
    if (s.replicas.min < 1) throw new Error(`services.${s.name}.replicas.min: expected at least 1, got ${s.replicas.min}`);

    this.image = pinnedImage(this, 'Image', s.image.raw);
    const env = containerEnv(s.name, s.env, props.secrets, props.datastores ?? {});
    const labels = labelBlocks({ ...(props.labels ?? {}), 'app.kubernetes.io/name': s.name });
    const ports = s.ingress && s.port !== undefined ? [{ internal: s.port, external: s.port, ip: props.publishAddress, protocol: 'tcp' }] : undefined;
    const memory = s.resources?.memoryLimitMiB;
    const dependsOn = props.dependsOn && props.dependsOn.length > 0 ? [...props.dependsOn] : undefined;

    const containers: Container[] = [];
    for (let i = 1; i <= s.replicas.min; i++) {
      containers.push(
        new Container(this, `Container${i}`, {
          name: `${s.resourceName}-${i}`,
          image: this.image.imageId,
          ...(s.command ? { entrypoint: s.command.map(literal) } : {}),
          ...(s.args ? { command: s.args.map(literal) } : {}),
          env,
          user: String(s.runAsUser),
          ...(healthcheck ? { healthcheck } : {}),
          restart: 'unless-stopped',
          mustRun: true,
          wait: true,
          ...(timing ? { waitTimeout: waitTimeoutSeconds(timing) } : {}),
          destroyGraceSeconds: props.stopGraceSeconds ?? 30,
          ...(memory !== undefined ? { memory, memorySwap: memory } : {}),
          ...(s.resources ? { cpuShares: cpuShares(s.resources.cpu) } : {}),
          capabilities: { drop: ['ALL'] },
          securityOpts: ['no-new-privileges:true'],
          networksAdvanced: [{ name: props.network.name, aliases: [s.name] }],
          ...(ports ? { ports } : {}),
          labels,
          ...(dependsOn ? { dependsOn } : {}),
        }),
      );
    }
    this.containers = containers;
  }
}

/**
 * CPU request -> relative weight, as the kubelet maps requests (1 vCPU = 1024 shares, at least 2).
 * A weight, not a cap: `cpus` would throttle the service at its request.
 */
export function cpuShares(cpu: number): number {
  return Math.max(2, Math.round(cpu * 1024));
}
