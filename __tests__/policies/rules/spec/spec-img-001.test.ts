import { SpecError } from '../../../../config';
import { buildModel } from '../../../../model';
import { specImg001 } from '../../../../policies/rules/spec';
import { EXAMPLE_PINS, exampleSpec } from '../../../helpers/example';
import { failures, passes, run, specContext } from '../../harness';

describe('SPEC-IMG-001 images are pinned', () => {
  test('passes for the example in every environment, datastore images included on docker/kubernetes', async () => {
    for (const env of ['dev', 'staging', 'prod']) {
      const findings = run(specImg001, await specContext(env));
      expect(failures(findings)).toEqual([]);
      expect(passes(findings).map((f) => f.location.specPath)).toEqual(env === 'prod' ? ['services.web.image', 'services.worker.image'] : ['services.web.image', 'services.worker.image', 'postgres.image', 'redis.image']);
    }
  });

  test('fails when a pin is :latest: the loader refuses it and tags the issue with this rule', async () => {
    const err = await specContext('prod', { pins: { ...EXAMPLE_PINS, web: 'ghcr.io/acme/web:latest' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SpecError);
    expect((err as SpecError).issues).toEqual([
      expect.objectContaining({ path: 'environments.prod: services.web.image', rule: 'SPEC-IMG-001', message: expect.stringContaining('must not use the floating tag :latest') }),
    ]);
  });

  test('fails when a datastore image is untagged (registry:port is not a tag), hard in every tier', async () => {
    const spec = exampleSpec();
    spec.environments.dev.overrides.postgres.image = 'registry.internal:5000/postgres';
    const err = await specContext('dev', { spec }).catch((e: unknown) => e);
    // The schema refuses it too; the rule sees it when a model carries it (a config built without the loader).
    expect(String(err)).toContain('postgres.image: has no tag or digest');
    const ctx = await specContext('dev');
    const config = { ...ctx.config, postgres: { ...(ctx.config.postgres as object), image: 'registry.internal:5000/postgres' } } as typeof ctx.config;
    const [f] = failures(run(specImg001, { ...ctx, config, model: buildModel(config) }));
    expect(f).toMatchObject({ ruleId: 'SPEC-IMG-001', severity: 'error', blocking: true, enforcement: 'hard', location: { specPath: 'postgres.image' } });
    expect(f!.message).toBe('postgres image in dev has no tag or digest; pin an immutable tag (e.g. :v42-3f9c2ab) or a digest, got "registry.internal:5000/postgres"');
  });
});
