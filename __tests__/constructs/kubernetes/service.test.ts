import { kubernetesProbe } from '../../../constructs/kubernetes/health-check';
import { progressDeadline } from '../../../constructs/kubernetes/service';
import { HealthCheck } from '../../../model';
import { byName, container, resourceList, snakeKeys, synthStaging, type Synthesized } from './synth';

const DEPLOYMENT = 'kubernetes_deployment_v1';
let example: Synthesized;

beforeAll(async () => {
  example = await synthStaging();
});

function deployment(s: Synthesized, service: string) {
  return byName(s.json, DEPLOYMENT, `acme-staging-${service}`);
}

describe('deployment', () => {
  test('one per service, image pinned to the environment file pin', () => {
    expect(resourceList(example.json, DEPLOYMENT).map((d) => container(d).image).sort()).toEqual([
      'ghcr.io/acme/web:v42-3f9c2ab',
      'ghcr.io/acme/worker:v42-3f9c2ab',
    ]);
    for (const d of resourceList(example.json, DEPLOYMENT)) expect(container(d).image).toMatch(/:[\w.-]+$|@sha256:[0-9a-f]{64}$/);
  });

  test('readiness, liveness and startup probes are the translation of the spec', () => {
    for (const s of example.model.services) {
      const c = container(deployment(example, s.name));
      for (const [role, key] of [['readiness', 'readiness_probe'], ['liveness', 'liveness_probe'], ['startup', 'startup_probe']] as const) {
        const check = s.healthChecks[role];
        if (check) expect(c[key]).toEqual(snakeKeys(kubernetesProbe(check)));
        else expect(c[key]).toBeUndefined();
      }
    }
    const web = container(deployment(example, 'web'));
    expect(web.readiness_probe).toEqual({ http_get: { path: '/ready', port: '8080' }, period_seconds: 10, timeout_seconds: 5, failure_threshold: 3, initial_delay_seconds: 0 });
    expect(web.startup_probe).toMatchObject({ http_get: { path: '/health', port: '8080' }, period_seconds: 5, timeout_seconds: 3, failure_threshold: 12 });
    const worker = container(deployment(example, 'worker'));
    expect(worker.liveness_probe).toEqual({
      exec: { command: ['node', 'dist/healthcheck.js'] },
      period_seconds: 30,
      timeout_seconds: 10,
      failure_threshold: 3,
      initial_delay_seconds: 20,
    });
    expect(worker.readiness_probe).toBeUndefined();
  });

  test('resources: cpu request in millicores, memory request and limit in Mi, no cpu limit', () => {
    expect(container(deployment(example, 'web')).resources).toEqual({ requests: { cpu: '500m', memory: '1024Mi' }, limits: { memory: '1024Mi' } });
    expect(container(deployment(example, 'worker')).resources).toEqual({ requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '512Mi' } });
  });

  test('memory limit follows memoryLimitMiB', async () => {
    const s = await synthStaging((spec) => {
      spec.services.worker.resources = { cpu: 0.05, memoryMiB: 256, memoryLimitMiB: 768 };
    });
    expect(container(deployment(s, 'worker')).resources).toEqual({ requests: { cpu: '50m', memory: '256Mi' }, limits: { memory: '768Mi' } });
  });

  test('security context: non-root, read-only root with /tmp on an emptyDir, no capabilities, RuntimeDefault seccomp, no token', () => {
    for (const s of example.model.services) {
      const d = deployment(example, s.name);
      const c = container(d);
      expect(c.security_context).toEqual({
        run_as_non_root: true,
        run_as_user: String(s.runAsUser),
        run_as_group: String(s.runAsUser),
        allow_privilege_escalation: false,
        read_only_root_filesystem: true,
        capabilities: { drop: ['ALL'] },
        seccomp_profile: { type: 'RuntimeDefault' },
      });
      expect(c.volume_mount).toEqual([{ name: 'tmp', mount_path: '/tmp' }]);
      expect(d.spec.template.spec.volume).toEqual([{ name: 'tmp', empty_dir: {} }]);
      expect(d.spec.template.spec.automount_service_account_token).toBe(false);
    }
    expect(container(deployment(example, 'web')).security_context.run_as_user).toBe('10001');
  });

  test('rollout: wait for it, rolling update with the spec percentages, progress deadline', () => {
    const web = deployment(example, 'web');
    expect(web.wait_for_rollout).toBe(true);
    expect(web.spec.strategy).toEqual({ type: 'RollingUpdate', rolling_update: { max_surge: '50%', max_unavailable: '0%' } });
    expect(web.spec.progress_deadline_seconds).toBe(600);
    expect(deployment(example, 'worker').spec.strategy.rolling_update).toEqual({ max_surge: '25%', max_unavailable: '0%' });
  });

  test('progress deadline grows with a long startup window', () => {
    expect(progressDeadline({ startup: HealthCheck.http('/', 80, { intervalSeconds: 10, retries: 60, startPeriodSeconds: 30 }) })).toBe(30 + 600 + 60);
    expect(progressDeadline({})).toBe(600);
  });

  test('command and args are passed as given', async () => {
    expect(container(deployment(example, 'web')).command).toEqual(['node', 'dist/server.js']);
    expect(container(deployment(example, 'web')).args).toBeUndefined();
    const s = await synthStaging((spec) => {
      spec.services.worker.args = ['--queue', 'default'];
    });
    expect(container(deployment(s, 'worker')).args).toEqual(['--queue', 'default']);
  });

  test('literal env stays a value; secret and wired env come from the service Secret', () => {
    const env = container(deployment(example, 'web')).env as Array<{ name: string; value?: string; value_from?: any }>;
    const byVar = Object.fromEntries(env.map((e) => [e.name, e]));
    expect(byVar.NODE_ENV).toEqual({ name: 'NODE_ENV', value: 'production' });
    expect(byVar.PORT).toEqual({ name: 'PORT', value: '8080' });
    const secretName = '${kubernetes_secret_v1.ServiceWeb_Secret_A60F0F76.metadata[0].name}';
    for (const name of ['SESSION_SECRET', 'DATABASE_URL', 'PGPASSWORD', 'REDIS_URL']) {
      expect(byVar[name]).toEqual({ name, value_from: { secret_key_ref: { name: secretName, key: name } } });
    }
  });

  test('selector on stable labels only; pods carry the model labels too', () => {
    const web = deployment(example, 'web');
    const selector = {
      'app.kubernetes.io/part-of': 'acme',
      'pinstack.dev/environment': 'staging',
      'app.kubernetes.io/name': 'web',
      'app.kubernetes.io/component': 'service',
    };
    expect(web.spec.selector).toEqual({ match_labels: selector });
    expect(web.spec.template.metadata.labels).toEqual({ ...example.model.labels, ...selector });
    expect(web.metadata.labels).toEqual({ ...example.model.labels, ...selector });
  });
});

describe('replicas and autoscaling', () => {
  test('web autoscales on CPU from 2 to 6 at 70%; the autoscaler owns the replica count', () => {
    const hpas = resourceList(example.json, 'kubernetes_horizontal_pod_autoscaler_v2');
    expect(hpas).toHaveLength(1);
    expect(hpas[0].spec).toEqual({
      min_replicas: 2,
      max_replicas: 6,
      scale_target_ref: { api_version: 'apps/v1', kind: 'Deployment', name: '${kubernetes_deployment_v1.ServiceWeb_4EAAE36A.metadata[0].name}' },
      metric: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', average_utilization: 70 } } }],
    });
    const web = deployment(example, 'web');
    expect(web.lifecycle).toEqual({ ignore_changes: ['spec[0].replicas'] });
  });

  test('worker (fixed 2 replicas) has no autoscaler and a managed replica count', () => {
    const worker = deployment(example, 'worker');
    expect(worker.spec.replicas).toBe('2');
    expect(worker.lifecycle).toBeUndefined();
    expect(resourceList(example.json, 'kubernetes_horizontal_pod_autoscaler_v2').map((h) => h.metadata.name)).toEqual(['acme-staging-web']);
  });

  test('a disruption budget (max 1 unavailable) for services with more than one replica', () => {
    const pdbs = resourceList(example.json, 'kubernetes_pod_disruption_budget_v1');
    expect(pdbs.map((p) => p.metadata.name).sort()).toEqual(['acme-staging-web', 'acme-staging-worker']);
    const web = byName(example.json, 'kubernetes_pod_disruption_budget_v1', 'acme-staging-web');
    expect(web.spec).toEqual({ max_unavailable: '1', selector: deployment(example, 'web').spec.selector });
  });

  test('no disruption budget with one replica', async () => {
    const s = await synthStaging((spec) => {
      spec.services.worker.replicas = 1;
      spec.services.web.replicas = 1;
    });
    expect(resourceList(s.json, 'kubernetes_pod_disruption_budget_v1')).toEqual([]);
    expect(resourceList(s.json, 'kubernetes_horizontal_pod_autoscaler_v2')).toEqual([]);
    expect(deployment(s, 'web').spec.replicas).toBe('1');
  });

  test('min == max is a fixed count, not an autoscaler', async () => {
    const s = await synthStaging((spec) => {
      spec.services.web.replicas = { min: 3, max: 3 };
    });
    expect(resourceList(s.json, 'kubernetes_horizontal_pod_autoscaler_v2')).toEqual([]);
    expect(deployment(s, 'web').spec.replicas).toBe('3');
  });

  test('fails when an autoscaled service has no resources (the autoscaler needs a CPU request)', async () => {
    await expect(
      synthStaging((spec) => {
        delete spec.services.web.resources;
      }),
    ).rejects.toThrow(/services\.web\.resources: autoscaling on CPU needs a CPU request/);
  });
});

describe('service and ingress', () => {
  test('a ClusterIP Service only for services with a port', () => {
    const services = resourceList(example.json, 'kubernetes_service_v1').filter((s) => s.metadata.labels['app.kubernetes.io/component'] === 'service');
    expect(services).toHaveLength(1);
    expect(services[0].metadata.name).toBe('acme-staging-web');
    expect(services[0].spec).toEqual({
      type: 'ClusterIP',
      selector: deployment(example, 'web').spec.selector.match_labels,
      port: [{ name: 'http', port: 8080, target_port: 'http', protocol: 'TCP' }],
    });
    expect(container(deployment(example, 'web')).port).toEqual([{ name: 'http', container_port: 8080, protocol: 'TCP' }]);
    expect(container(deployment(example, 'worker')).port).toBeUndefined();
  });

  test('every Service is ClusterIP: no LoadBalancer, no NodePort', () => {
    for (const s of resourceList(example.json, 'kubernetes_service_v1')) {
      expect(s.spec.type).toBe('ClusterIP');
      for (const p of s.spec.port) expect(p.node_port).toBeUndefined();
    }
  });

  test('an Ingress for web only: class, host, path and TLS from the target and the model', () => {
    const ingresses = resourceList(example.json, 'kubernetes_ingress_v1');
    expect(ingresses).toHaveLength(1);
    expect(ingresses[0].metadata.name).toBe('acme-staging-web');
    expect(ingresses[0].spec).toEqual({
      ingress_class_name: 'nginx',
      rule: [
        {
          host: 'staging.acme.example',
          http: {
            path: [
              {
                path: '/',
                path_type: 'Prefix',
                backend: { service: { name: '${kubernetes_service_v1.ServiceWeb_Service_3126EF06.metadata[0].name}', port: { number: 8080 } } },
              },
            ],
          },
        },
      ],
      tls: [{ hosts: ['staging.acme.example'], secret_name: 'acme-staging-ingress-tls' }],
    });
  });

  test('without ingressTlsSecret the Ingress has no TLS; the class comes from the target', async () => {
    const s = await synthStaging((spec) => {
      delete spec.environments.staging.target.ingressTlsSecret;
      spec.environments.staging.target.ingressClassName = 'traefik';
      spec.environments.staging.overrides.services.web.ingress = { host: 'staging.acme.example', path: '/app' };
    });
    const [ingress] = resourceList(s.json, 'kubernetes_ingress_v1');
    expect(ingress.spec.tls).toBeUndefined();
    expect(ingress.spec.ingress_class_name).toBe('traefik');
    expect(ingress.spec.rule[0].http.path[0].path).toBe('/app');
  });
});

describe('user strings', () => {
  test('escapes Terraform interpolation in literal env, command and exec probes', async () => {
    const s = await synthStaging((spec) => {
      spec.services.worker.env.TEMPLATE = 'hello ${name} %{if x}y%{endif}';
      spec.services.worker.args = ['--format', '${level}'];
      spec.services.worker.healthChecks.liveness.command = ['sh', '-c', 'test "${OK}" = 1'];
    });
    const container = deployment(s, 'worker').spec.template.spec.container[0];
    expect(container.env.find((e: any) => e.name === 'TEMPLATE').value).toBe('hello $${name} %%{if x}y%%{endif}');
    expect(container.args).toEqual(['--format', '$${level}']);
    expect(container.liveness_probe.exec.command).toEqual(['sh', '-c', 'test "$${OK}" = 1']);
  });
});
