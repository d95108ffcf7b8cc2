export { about, override, specInTier } from '../docker/docker-test-utils';

/** Addresses and construct paths of the example's staging stack (kubernetes), as the renderer names them. */
export const STAGING = {
  web: { address: 'kubernetes_deployment_v1.ServiceWeb_4EAAE36A', constructPath: 'staging/ServiceWeb/Resource', specPath: 'services.web' },
  worker: { address: 'kubernetes_deployment_v1.ServiceWorker_9E51D19C', constructPath: 'staging/ServiceWorker/Resource', specPath: 'services.worker' },
  postgres: { address: 'kubernetes_stateful_set_v1.Postgres_9DC8BB04', constructPath: 'staging/Postgres/Resource', specPath: 'postgres' },
  redis: { address: 'kubernetes_stateful_set_v1.Redis_FF642DF2', constructPath: 'staging/Redis/Resource', specPath: 'redis' },
  webService: { address: 'kubernetes_service_v1.ServiceWeb_Service_3126EF06', constructPath: 'staging/ServiceWeb/Service', specPath: 'services.web' },
  postgresService: { address: 'kubernetes_service_v1.Postgres_Service_78457626', constructPath: 'staging/Postgres/Service', specPath: 'postgres' },
  redisService: { address: 'kubernetes_service_v1.Redis_Service_5061E0BB', constructPath: 'staging/Redis/Service', specPath: 'redis' },
  webIngress: { address: 'kubernetes_ingress_v1.ServiceWeb_Ingress_5481D6F6', constructPath: 'staging/ServiceWeb/Ingress', specPath: 'services.web' },
  webAutoscaler: { address: 'kubernetes_horizontal_pod_autoscaler_v2.ServiceWeb_Autoscaler_DA2C01B9', constructPath: 'staging/ServiceWeb/Autoscaler', specPath: 'services.web' },
  webBudget: { address: 'kubernetes_pod_disruption_budget_v1.ServiceWeb_DisruptionBudget_FA2533E2', constructPath: 'staging/ServiceWeb/DisruptionBudget', specPath: 'services.web' },
  workerBudget: { address: 'kubernetes_pod_disruption_budget_v1.ServiceWorker_DisruptionBudget_C9B559C4', constructPath: 'staging/ServiceWorker/DisruptionBudget', specPath: 'services.worker' },
  postgresPolicy: { address: 'kubernetes_network_policy_v1.Postgres_NetworkPolicy_2D4F02B8', constructPath: 'staging/Postgres/NetworkPolicy', specPath: 'postgres' },
  redisPolicy: { address: 'kubernetes_network_policy_v1.Redis_NetworkPolicy_B2B9A104', constructPath: 'staging/Redis/NetworkPolicy', specPath: 'redis' },
  webSecret: { address: 'kubernetes_secret_v1.ServiceWeb_Secret_A60F0F76', constructPath: 'staging/ServiceWeb/Secret/Resource', specPath: 'services.web' },
  namespace: { address: 'kubernetes_namespace_v1.Namespace_9B63B8C8', constructPath: 'staging/Namespace/Resource' },
} as const;

/** The JSON path of a container's field in a deployment or stateful set, for addOverride. */
export const container = (field: string, index = 0) => `spec.template.spec.container.${index}.${field}`;
