import { containers, networkRef, resources, synthDocker } from './docker-synth';

describe('EnvironmentNetwork', () => {
  test('is one user-defined bridge network named <app>-<env>, not internal, labelled', async () => {
    const { tf } = await synthDocker();
    const networks = Object.values(resources(tf, 'docker_network'));
    expect(networks).toHaveLength(1);
    expect(networks[0]).toMatchObject({ name: 'acme-dev', driver: 'bridge', internal: false });
    expect(networks[0].labels).toContainEqual({ label: 'pinstack.dev/environment', value: 'dev' });
  });

  test('every container is on it and on nothing else', async () => {
    const { tf } = await synthDocker();
    for (const c of containers(tf)) {
      expect(c.networks_advanced.map((n: { name: string }) => n.name)).toEqual([networkRef(tf)]);
      expect(c.network_mode).toBeUndefined();
    }
  });
});
