import { dkr001 } from '../../../../policies/rules/docker';
import { failures, passes, run, synthContext } from '../../harness';
import { about, DEV, override, specInTier } from './docker-test-utils';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('DKR-001 docker images are pinned', () => {
  test('passes on the example dev: every docker_image is pinned and every container runs one of them', async () => {
    const findings = run(dkr001, await synthContext('dev'));
    expect(passes(findings).map((f) => f.location.address).sort()).toEqual([DEV.postgresImage, DEV.redisImage, DEV.webImage, DEV.workerImage].map((r) => r.address).sort());
    expect(failures(findings)).toEqual([]);
    const [web] = about(findings, DEV.webImage.address);
    expect(web!.message).toBe(`service web in dev: ${DEV.webImage.address} (run by ${DEV.web.address}) pulls ghcr.io/acme/web:v42-3f9c2ab, pinned by tag v42-3f9c2ab`);
  });

  test('fails when an escape hatch moves docker_image.name to :LATEST (any case), blocking in every tier', async () => {
    const mutate = override([DEV.webImage.constructPath, 'name', 'ghcr.io/acme/web:LATEST']);
    for (const tier of ['development', 'production'] as const) {
      const [f, ...rest] = failures(run(dkr001, await synthContext('dev', { spec: specInTier('dev', tier), mutate })));
      expect(rest).toEqual([]);
      expect(f).toMatchObject({ ruleId: 'DKR-001', outcome: 'fail', severity: 'error', blocking: true, enforcement: 'hard', location: DEV.webImage });
      expect(f!.message).toBe(
        `service web in dev: ${DEV.webImage.address} (run by ${DEV.web.address}) pulls ghcr.io/acme/web:LATEST, which must not use the floating tag :latest; pin an immutable tag (e.g. :v42-3f9c2ab) or a digest`,
      );
    }
  });

  test('fails when a container runs a literal reference with a registry port but no tag', async () => {
    const mutate = override([DEV.worker.constructPath, 'image', 'registry.local:5000/acme/worker']);
    const [f, ...rest] = failures(run(dkr001, await synthContext('dev', { mutate })));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ outcome: 'fail', severity: 'error', blocking: true, location: DEV.worker });
    expect(f!.message).toBe(`service worker in dev: ${DEV.worker.address} runs the literal image registry.local:5000/acme/worker, which has no tag or digest; pin an immutable tag (e.g. :v42-3f9c2ab) or a digest`);
  });

  test('fails when the postgres image name is not a valid reference', async () => {
    const mutate = override([DEV.postgresImage.constructPath, 'name', 'Postgres:16']);
    const [f] = failures(run(dkr001, await synthContext('dev', { mutate })));
    expect(f).toMatchObject({ blocking: true, location: DEV.postgresImage });
    expect(f!.message).toContain(`postgres in dev: ${DEV.postgresImage.address} (run by ${DEV.postgres.address}) pulls Postgres:16, which is not a valid image reference`);
  });

  test('passes a digest even beside a latest tag', async () => {
    const mutate = override([DEV.redisImage.constructPath, 'name', `redis:latest@${DIGEST}`]);
    const [f] = about(run(dkr001, await synthContext('dev', { mutate })), DEV.redisImage.address);
    expect(f).toMatchObject({ outcome: 'pass' });
    expect(f!.message).toContain('pinned by digest');
  });

  test('is unknown, not pass, when the image name or the container image is an expression', async () => {
    const mutate = override([DEV.webImage.constructPath, 'name', '${var.web_image}'], [DEV.worker.constructPath, 'image', '${data.docker_registry_image.worker.name}']);
    const findings = run(dkr001, await synthContext('dev', { mutate }));
    const [image] = about(findings, DEV.webImage.address);
    const [container] = about(findings, DEV.worker.address);
    expect(image).toMatchObject({ outcome: 'unknown', blocking: false, location: DEV.webImage });
    expect(image!.message).toContain('pulls the expression ${var.web_image}, which is known only at plan');
    expect(container).toMatchObject({ outcome: 'unknown', blocking: false, location: DEV.worker });
    expect(failures(findings)).toEqual([]);
  });
});
