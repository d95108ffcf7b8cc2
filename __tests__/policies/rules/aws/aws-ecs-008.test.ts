import { awsEcs008 } from '../../../../policies/rules/aws';
import { failures, passes, run, synthContext } from '../../harness';
import { editContainers, locationOf, only, PROD, prodSpec } from './aws-test-utils';

const image = (reference: string) =>
  editContainers(PROD.webTask.constructPath, ([web]) => {
    web!.image = reference;
  });

describe('AWS-ECS-008 ECS container images are pinned', () => {
  test('passes on the example prod: both images pinned by tag', async () => {
    const findings = run(awsEcs008, await synthContext('prod'));
    expect(failures(findings)).toEqual([]);
    expect(passes(findings).map((f) => f.message)).toEqual([
      `service web in prod: ${PROD.webTask.address} container web runs ghcr.io/acme/web:v42-3f9c2ab, pinned by tag v42-3f9c2ab`,
      `service worker in prod: ${PROD.workerTask.address} container worker runs ghcr.io/acme/worker:v42-3f9c2ab, pinned by tag v42-3f9c2ab`,
    ]);
  });

  test('fails when a container definition runs ghcr.io/acme/web:latest', async () => {
    const f = only(run(awsEcs008, await synthContext('prod', { mutate: image('ghcr.io/acme/web:latest') })), PROD.webTask);
    expect(f).toMatchObject({ ruleId: 'AWS-ECS-008', severity: 'error', blocking: true, enforcement: 'hard', location: expect.objectContaining(locationOf(PROD.webTask)) });
    expect(f.message).toBe(
      `service web in prod: ${PROD.webTask.address} container web runs ghcr.io/acme/web:latest, which must not use the floating tag :latest; pin an immutable tag (e.g. :v42-3f9c2ab) or a digest`,
    );
  });

  test.each([
    ['ghcr.io/acme/web:LATEST', 'must not use the floating tag :latest'],
    ['ghcr.io/acme/web', 'has no tag or digest'],
    ['registry.acme.internal:5000/web', 'has no tag or digest'],
    ['ghcr.io/acme/Web:v1', 'which is not a valid image reference'],
  ])('fails when the image is %s', async (reference, problem) => {
    const f = only(run(awsEcs008, await synthContext('prod', { spec: prodSpec('development'), mutate: image(reference) })), PROD.webTask);
    expect(f.message).toContain(`runs ${reference}, `);
    expect(f.message).toContain(problem);
    expect(f).toMatchObject({ severity: 'error', blocking: true });
  });

  test('passes a digest even beside :latest', async () => {
    const pinned = `ghcr.io/acme/web:latest@sha256:${'a'.repeat(64)}`;
    expect(only(run(awsEcs008, await synthContext('prod', { mutate: image(pinned) })), PROD.webTask, 'pass').message).toContain('pinned by digest');
  });

  test('is unknown when the image is an expression', async () => {
    const u = only(run(awsEcs008, await synthContext('prod', { mutate: image('${aws_ecr_repository.web.repository_url}:v42') })), PROD.webTask, 'unknown');
    expect(u.message).toBe(
      `service web in prod: ${PROD.webTask.address} container web takes its image from the expression \${aws_ecr_repository.web.repository_url}:v42, which is known only at plan (PLAN-004 checks it there)`,
    );
    expect(u.blocking).toBe(false);
  });
});
