import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { KubernetesStack } from '../../stacks/kubernetes-stack';
import { EXAMPLE_PINS, EXAMPLE_SECRETS, exampleSpec } from '../helpers/example';
import { resourceList, stagingModel, synthStaging, type Synthesized } from '../constructs/kubernetes/synth';

let example: Synthesized;

beforeAll(async () => {
  example = await synthStaging();
});

describe('KubernetesStack', () => {
  test('resource counts of the example staging environment', () => {
    const counts = Object.fromEntries(Object.entries(example.json.resource as Record<string, object>).map(([type, byId]) => [type, Object.keys(byId).length]));
    expect(counts).toEqual({
      kubernetes_namespace_v1: 1,
      kubernetes_secret_v1: 4,
      kubernetes_config_map_v1: 2,
      kubernetes_service_v1: 3,
      kubernetes_stateful_set_v1: 2,
      kubernetes_network_policy_v1: 2,
      kubernetes_deployment_v1: 2,
      kubernetes_ingress_v1: 1,
      kubernetes_horizontal_pod_autoscaler_v2: 1,
      kubernetes_pod_disruption_budget_v1: 2,
    });
  });

  test('the kubernetes provider from the target kubeconfig settings, the local backend', async () => {
    expect(example.json.provider.kubernetes).toEqual([{ config_path: '~/.kube/config' }]);
    expect(example.json.terraform.backend).toEqual({ local: { path: 'terraform.staging.tfstate' } });
    const model = await stagingModel({
      spec: (() => {
        const spec = exampleSpec();
        spec.environments.staging.target.configPath = '/etc/kube/staging.yaml';
        spec.environments.staging.target.configContext = 'staging-admin';
        return spec;
      })(),
    });
    const json = JSON.parse(Testing.synth(new KubernetesStack(Testing.app(), model)));
    expect(json.provider.kubernetes).toEqual([{ config_path: '/etc/kube/staging.yaml', config_context: 'staging-admin' }]);
  });

  test('secrets are sensitive variables; no example secret value appears in the JSON', () => {
    expect(Object.keys(example.json.variable).sort()).toEqual(['secret_postgres_password', 'secret_redis_password', 'secret_session_secret']);
    for (const v of Object.values(example.json.variable) as any[]) expect(v).toMatchObject({ sensitive: true, type: 'string', nullable: false });
    for (const value of Object.values(EXAMPLE_SECRETS)) expect(example.text).not.toContain(value);
  });

  test('datastores are never exposed: no LoadBalancer or NodePort, no Ingress to them', () => {
    expect(example.text).not.toMatch(/LoadBalancer|NodePort|node_port|external_ips|host_port|host_network/);
    for (const ingress of resourceList(example.json, 'kubernetes_ingress_v1')) {
      expect(JSON.stringify(ingress)).not.toMatch(/postgres|redis/);
    }
  });

  test('every image is pinned (tag other than latest, or digest)', () => {
    const workloads = [...resourceList(example.json, 'kubernetes_deployment_v1'), ...resourceList(example.json, 'kubernetes_stateful_set_v1')];
    const images = workloads.flatMap((w) => w.spec.template.spec.container.map((c: any) => c.image as string));
    expect(images.sort()).toEqual(['docker.io/library/postgres:16', 'docker.io/library/redis:7.0', EXAMPLE_PINS.web, EXAMPLE_PINS.worker].sort());
    for (const image of images) expect(image).toMatch(/^[^@]+:(?!latest$)[\w][\w.-]*$|@sha256:[0-9a-f]{64}$/);
  });

  test('every container has a health check', () => {
    const workloads = [...resourceList(example.json, 'kubernetes_deployment_v1'), ...resourceList(example.json, 'kubernetes_stateful_set_v1')];
    for (const w of workloads) {
      const c = w.spec.template.spec.container[0];
      expect(c.readiness_probe ?? c.liveness_probe ?? c.startup_probe).toBeDefined();
    }
  });

  test('construct ids: the Terraform addresses of the example (public contract)', () => {
    const ids = Object.fromEntries(Object.entries(example.json.resource as Record<string, object>).map(([type, byId]) => [type, Object.keys(byId).sort()]));
    expect(ids).toEqual({
      kubernetes_namespace_v1: ['Namespace_9B63B8C8'],
      kubernetes_secret_v1: ['Postgres_Password_FAB6E666', 'Redis_Password_FA8B209D', 'ServiceWeb_Secret_A60F0F76', 'ServiceWorker_Secret_CE59D628'],
      kubernetes_config_map_v1: ['Postgres_Hba_9FB97DDE', 'Postgres_InitScripts_AE9F854A'],
      kubernetes_service_v1: ['Postgres_Service_78457626', 'Redis_Service_5061E0BB', 'ServiceWeb_Service_3126EF06'],
      kubernetes_stateful_set_v1: ['Postgres_9DC8BB04', 'Redis_FF642DF2'],
      kubernetes_network_policy_v1: ['Postgres_NetworkPolicy_2D4F02B8', 'Redis_NetworkPolicy_B2B9A104'],
      kubernetes_deployment_v1: ['ServiceWeb_4EAAE36A', 'ServiceWorker_9E51D19C'],
      kubernetes_ingress_v1: ['ServiceWeb_Ingress_5481D6F6'],
      kubernetes_horizontal_pod_autoscaler_v2: ['ServiceWeb_Autoscaler_DA2C01B9'],
      kubernetes_pod_disruption_budget_v1: ['ServiceWeb_DisruptionBudget_FA2533E2', 'ServiceWorker_DisruptionBudget_C9B559C4'],
    });
  });

  test('fails when two service names make the same construct id (refused by the spec)', async () => {
    const spec = exampleSpec();
    // A segment that starts with a digit has no capital to mark it: `api-2` and `api2` are both `Api2`.
    spec.services['api-2'] = { ...spec.services.worker, image: 'ghcr.io/acme/gateway' };
    spec.services.api2 = { ...spec.services.worker, image: 'ghcr.io/acme/gateway' };
    const pins = { ...EXAMPLE_PINS, 'api-2': 'ghcr.io/acme/gateway:v1', api2: 'ghcr.io/acme/gateway:v1' };
    await expect(stagingModel({ spec, pins })).rejects.toThrow(/services\.api2: names the same resources as service "api-2" once hyphens are dropped/);
  });

  test('full synth writes cdk.tf.json with the same content, still without secret values', () => {
    const outdir = Testing.fullSynth(new KubernetesStack(Testing.app(), example.model));
    const file = join(outdir, 'stacks', 'staging', 'cdk.tf.json');
    expect(existsSync(file)).toBe(true);
    const text = readFileSync(file, 'utf8');
    // Full synth adds `//` metadata (construct paths) to each resource; the rest is identical.
    const withoutMetadata = JSON.parse(text, (key, value) => (key === '//' ? undefined : value));
    expect(withoutMetadata.resource).toEqual(example.json.resource);
    expect(JSON.parse(text).resource.kubernetes_deployment_v1.ServiceWeb_4EAAE36A['//'].metadata.path).toBe('staging/ServiceWeb/Resource');
    for (const value of Object.values(EXAMPLE_SECRETS)) expect(text).not.toContain(value);
  });

  test('snapshot (in addition to the assertions above)', () => {
    expect(example.json).toMatchSnapshot();
  });
});
