/**
 * Construct IDs (public contract: they make the Terraform addresses; renaming one replaces the resource):
 * - `AppService` construct: `Secret` (EnvSecret), `Resource` (kubernetes_deployment_v1), `Service` (kubernetes_service_v1),
 *   `Ingress` (kubernetes_ingress_v1), `Autoscaler` (kubernetes_horizontal_pod_autoscaler_v2),
 *   `DisruptionBudget` (kubernetes_pod_disruption_budget_v1); each optional one as documented on the class.
 */
import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { HorizontalPodAutoscalerV2 } from '@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2';
import { IngressV1 } from '@cdktf/provider-kubernetes/lib/ingress-v1';
import { PodDisruptionBudgetV1 } from '@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { Construct } from 'constructs';
import type { HealthCheck, HealthCheckRole, KubernetesEnvironmentModel, ServiceModel } from '../../model';
import { containerProbes } from './health-check';
import { selectorLabels, workloadLabels } from './labels';
import { mebibytes, millicores } from './quantities';
import { containerEnv, EnvSecret, type SecretValues, serviceSecretData } from './secrets';
import { terraformLiteral } from '../shared/terraform-literal';
import { restrictedContainer } from './security-context';

export interface AppServiceProps {
  readonly service: ServiceModel;
  /** The environment: app, env, labels, target settings and the datastores the service is wired to. */
  readonly model: KubernetesEnvironmentModel;
  /** The namespace name, as a reference to the Namespace. */
  readonly namespace: string;
  readonly secrets: SecretValues;
  /**
   * Seconds a rollout may go without progress before the Deployment reports it failed (and, with
   * wait_for_rollout, the apply fails). @default the larger of 600 and the startup window + 60
   */
  readonly progressDeadlineSeconds?: number;
}

/** Kubernetes' own default for progressDeadlineSeconds. */
const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

/**
 * One app service: its Secret (secret and wired env), Deployment, ClusterIP Service (when it has a port),
 * Ingress (when public), HorizontalPodAutoscaler (when it autoscales on CPU) and PodDisruptionBudget (when it
 * runs more than one replica).
 *
 * Child IDs (public contract):
 * - `Secret` (EnvSecret: `Secret/Resource`, kubernetes_secret_v1), when the service has non-literal env
 * - `Resource` (kubernetes_deployment_v1)
 * - `Service` (kubernetes_service_v1, ClusterIP), when the service has a port
 * - `Ingress` (kubernetes_ingress_v1), when the service has an ingress
 * - `Autoscaler` (kubernetes_horizontal_pod_autoscaler_v2), when `replicas.targetCpuPercent` is set
 * - `DisruptionBudget` (kubernetes_pod_disruption_budget_v1), when `replicas.min` > 1
 */
export class AppService extends Construct {
  readonly deployment: DeploymentV1;
  readonly secret?: EnvSecret;
  readonly service?: ServiceV1;
  readonly ingress?: IngressV1;
  readonly autoscaler?: HorizontalPodAutoscalerV2;
  readonly disruptionBudget?: PodDisruptionBudgetV1;

  constructor(scope: Construct, id: string, props: AppServiceProps) {
    super(scope, id);
    const { service: s, model, namespace } = props;
    const target = model.target;
    const labels = workloadLabels(model, s.name, 'service');
    const selector = selectorLabels(model, s.name, 'service');
    const autoscaled = s.replicas.targetCpuPercent !== undefined;

    const data = serviceSecretData(s.env, {
      secrets: props.secrets,
      namespace: target.namespace,
      ...(model.postgres ? { postgres: model.postgres } : {}),
      ...(model.redis ? { redis: model.redis } : {}),
    });
    if (Object.keys(data).length > 0) {
      this.secret = new EnvSecret(this, 'Secret', { name: `${s.resourceName}-env`, namespace, labels, data });
    }

    if (autoscaled && !s.resources) {
      throw new Error(`services.${s.name}.resources: autoscaling on CPU needs resources.cpu (the autoscaler measures utilisation of the CPU request), got none`);
    }

    this.deployment = new DeploymentV1(this, 'Resource', {
      metadata: { name: s.resourceName, namespace, labels: { ...labels } },
      waitForRollout: true,
      spec: {
        // Autoscaled: the autoscaler owns the count; this is only the count at creation.
        replicas: String(s.replicas.min),
        selector: { matchLabels: { ...selector } },
        progressDeadlineSeconds: props.progressDeadlineSeconds ?? progressDeadline(s.healthChecks),
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxSurge: `${s.rollout.maxSurgePercent}%`, maxUnavailable: `${s.rollout.maxUnavailablePercent}%` },
        },
        template: {
          metadata: { labels: { ...labels } },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            container: [
              {
                name: s.name,
                image: s.image.raw,
                ...(s.command ? { command: s.command.map(terraformLiteral) } : {}),
                ...(s.args ? { args: s.args.map(terraformLiteral) } : {}),
                ...(s.port !== undefined ? { port: [{ name: 'http', containerPort: s.port, protocol: 'TCP' }] } : {}),
                env: containerEnv(s.env, this.secret?.name),
                ...containerProbes(s.healthChecks),
                ...(s.resources
                  ? {
                      resources: {
                        requests: { cpu: millicores(s.resources.cpu), memory: mebibytes(s.resources.memoryMiB) },
                        limits: { memory: mebibytes(s.resources.memoryLimitMiB) },
                      },
                    }
                  : {}),
                securityContext: restrictedContainer(s.runAsUser),
                volumeMount: [{ name: 'tmp', mountPath: '/tmp' }],
              },
            ],
            volume: [{ name: 'tmp', emptyDir: {} }],
          },
        },
      },
      ...(autoscaled ? { lifecycle: { ignoreChanges: ['spec[0].replicas'] } } : {}),
    });

    if (s.port !== undefined) {
      this.service = new ServiceV1(this, 'Service', {
        metadata: { name: s.resourceName, namespace, labels: { ...labels } },
        spec: {
          type: 'ClusterIP',
          selector: { ...selector },
          port: [{ name: 'http', port: s.port, targetPort: 'http', protocol: 'TCP' }],
        },
      });
    }

    if (s.ingress) {
      if (!this.service || s.port === undefined) throw new Error(`services.${s.name}.ingress: a public service needs a port, got none`);
      this.ingress = new IngressV1(this, 'Ingress', {
        metadata: { name: s.resourceName, namespace, labels: { ...labels } },
        spec: {
          ingressClassName: target.ingressClassName,
          rule: [
            {
              host: s.ingress.host,
              http: {
                path: [
                  {
                    path: s.ingress.path,
                    pathType: 'Prefix',
                    backend: { service: { name: this.service.metadata.name, port: { number: s.port } } },
                  },
                ],
              },
            },
          ],
          ...(target.ingressTlsSecret ? { tls: [{ hosts: [s.ingress.host], secretName: target.ingressTlsSecret }] } : {}),
        },
      });
    }

    if (autoscaled) {
      this.autoscaler = new HorizontalPodAutoscalerV2(this, 'Autoscaler', {
        metadata: { name: s.resourceName, namespace, labels: { ...labels } },
        spec: {
          minReplicas: s.replicas.min,
          maxReplicas: s.replicas.max,
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: this.deployment.metadata.name },
          metric: [
            {
              type: 'Resource',
              resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: s.replicas.targetCpuPercent! } },
            },
          ],
        },
      });
    }

    if (s.replicas.min > 1) {
      this.disruptionBudget = new PodDisruptionBudgetV1(this, 'DisruptionBudget', {
        metadata: { name: s.resourceName, namespace, labels: { ...labels } },
        spec: { maxUnavailable: '1', selector: { matchLabels: { ...selector } } },
      });
    }
  }
}

/**
 * Kubernetes' default (600 s), or longer when the startup (else readiness) check may legitimately take
 * longer than that to pass: its start period plus interval x retries, plus a minute.
 */
export function progressDeadline(checks: Readonly<Partial<Record<HealthCheckRole, HealthCheck>>>): number {
  const gate = checks.startup ?? checks.readiness;
  const window = gate ? gate.startPeriodSeconds + gate.failureWindowSeconds + 60 : 0;
  return Math.max(DEFAULT_PROGRESS_DEADLINE_SECONDS, window);
}
