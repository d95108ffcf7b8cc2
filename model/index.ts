export { HealthCheck, type HealthCheckRole, type HealthCheckTiming, type Probe } from './health-check';
export { pascalCase, resourceName, secretVariableName, serviceConstructId } from './naming';
export { secretRef, terraformVariablesEnv, type SecretRef } from './secrets';
export type { EnvValue, EnvVar, ReplicasModel, ServiceModel } from './service';
export type { ExternalDatastoreModel, ManagedPostgresModel, ManagedRedisModel, PostgresModel, RedisModel } from './datastores';
export {
  buildModel,
  type AwsEnvironmentModel,
  type BackendModel,
  type DockerEnvironmentModel,
  type EnvironmentModel,
  type KubernetesEnvironmentModel,
  type ModelOptions,
} from './environment';
