import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { dockerHealthcheck } from '../../constructs/docker/health-check';
import { DockerStack } from '../../stacks/docker-stack';
import { asJson, container, containers, dockerModel, networkRef, resources, SECRET_VALUES, synthDocker } from '../constructs/docker/docker-synth';

describe('DockerStack', () => {
  test('configures the docker provider with the target host and the local backend', async () => {
    const { tf } = await synthDocker();
    expect(tf.provider.docker).toEqual([{ host: 'unix:///var/run/docker.sock' }]);
    expect((tf as any).terraform.backend).toEqual({ local: { path: 'terraform.dev.tfstate' } });
  });

  test('renders the example dev environment: 1 network, 1 volume, 4 images, 4 containers, 3 secret variables', async () => {
    const { tf } = await synthDocker();
    expect(Object.keys(tf.resource).sort()).toEqual(['docker_container', 'docker_image', 'docker_network', 'docker_volume']);
    expect(Object.keys(resources(tf, 'docker_network'))).toHaveLength(1);
    expect(Object.keys(resources(tf, 'docker_volume'))).toHaveLength(1);
    expect(Object.keys(resources(tf, 'docker_image'))).toHaveLength(4);
    expect(containers(tf).map((c) => c.name).sort()).toEqual(['acme-dev-postgres', 'acme-dev-redis', 'acme-dev-web-1', 'acme-dev-worker-1']);
    expect(Object.keys(tf.variable).sort()).toEqual(['secret_postgres_password', 'secret_redis_password', 'secret_session_secret']);
  });

  test('keeps its Terraform addresses (construct IDs are a public contract)', async () => {
    const { tf } = await synthDocker();
    const addresses = Object.entries(tf.resource).flatMap(([type, byId]) => Object.keys(byId).map((id) => `${type}.${id}`));
    expect(addresses.sort()).toEqual([
      'docker_container.Postgres_9DC8BB04',
      'docker_container.Redis_FF642DF2',
      'docker_container.ServiceWeb_Container1_24D6E39A',
      'docker_container.ServiceWorker_Container1_B7DA82A9',
      'docker_image.Postgres_Image_F5C386CD',
      'docker_image.Redis_Image_56616032',
      'docker_image.ServiceWeb_Image_05284E60',
      'docker_image.ServiceWorker_Image_9B7C4FD9',
      'docker_network.Network_1C6012B5',
      'docker_volume.Postgres_Data_5E50CBCF',
    ]);
  });

  test('every container has a health check, waits for it, restarts and has a memory limit', async () => {
    const { tf, model } = await synthDocker();
    for (const c of containers(tf)) {
      expect(c.healthcheck.test[0]).toBe('CMD-SHELL');
      expect(c).toMatchObject({ wait: true, must_run: true, restart: 'unless-stopped' });
      expect(c.wait_timeout).toBeGreaterThanOrEqual(60);
      expect(c.memory).toBeGreaterThan(0);
      expect(c.memory_swap).toBe(c.memory);
    }
    for (const s of model.services) expect(container(tf, `${s.resourceName}-1`).healthcheck).toEqual(asJson(dockerHealthcheck(s.healthChecks)));
  });

  test('datastores publish nothing and sit only on the environment network', async () => {
    const { tf } = await synthDocker();
    for (const name of ['acme-dev-postgres', 'acme-dev-redis']) {
      const c = container(tf, name);
      expect(c).not.toHaveProperty('ports');
      expect(c.networks_advanced).toEqual([{ name: networkRef(tf), aliases: [name] }]);
    }
    expect(containers(tf).filter((c) => c.ports).map((c) => c.name)).toEqual(['acme-dev-web-1']);
    expect(container(tf, 'acme-dev-web-1').ports.map((p: { ip: string }) => p.ip)).toEqual(['127.0.0.1']);
  });

  test('no container is privileged, shares a host namespace or mounts the host', async () => {
    const { tf } = await synthDocker();
    for (const c of containers(tf)) {
      for (const key of ['privileged', 'network_mode', 'pid_mode', 'ipc_mode', 'userns_mode', 'mounts', 'devices', 'publish_all_ports']) {
        expect(c).not.toHaveProperty(key);
      }
      for (const v of c.volumes ?? []) expect(v).not.toHaveProperty('host_path');
      expect(JSON.stringify(c)).not.toContain('docker.sock');
    }
  });

  test('secrets appear only as ${var.secret_…} tokens of sensitive variables, never as values', async () => {
    const { tf, json } = await synthDocker();
    for (const value of SECRET_VALUES) expect(json).not.toContain(value);
    const refs = [...json.matchAll(/var\.([a-z0-9_]+)/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref).toMatch(/^secret_/);
      expect(tf.variable[ref]).toMatchObject({ sensitive: true, type: 'string' });
    }
  });

  test('synthesizes with validations, and the written cdk.tf.json holds no secret value', async () => {
    const model = await dockerModel();
    const stack = new DockerStack(Testing.app(), model);
    const outdir = Testing.fullSynth(stack);
    const file = join(outdir, 'stacks', model.stackName, 'cdk.tf.json');
    expect(existsSync(file)).toBe(true);
    const written = readFileSync(file, 'utf8');
    for (const value of SECRET_VALUES) expect(written).not.toContain(value);
    expect(JSON.parse(written).resource.docker_container).toBeDefined();
  });

  test('matches the snapshot (in addition to the assertions above)', async () => {
    const { tf } = await synthDocker();
    expect(tf).toMatchSnapshot();
  });
});
