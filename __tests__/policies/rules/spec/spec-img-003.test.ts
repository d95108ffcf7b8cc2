import { parseImageRef } from '../../../../lib/oci/image-ref';
import { specImg003 } from '../../../../policies/rules/spec';
import { allowedBy } from '../../../../policies/rules/spec/spec-img-003';
import { exampleSpec } from '../../../helpers/example';
import { failures, passes, run, specContext } from '../../harness';
import { at, NOW, suppression } from './spec-test-utils';

function withRegistries(registries: string[]) {
  const spec = exampleSpec();
  spec.policy = { allowedRegistries: registries };
  return spec;
}

describe('SPEC-IMG-003 images come from an allowed registry', () => {
  test('is not applicable without an allow-list (the example)', async () => {
    const findings = run(specImg003, await specContext('prod'), { now: NOW });
    expect(findings.map((f) => f.outcome)).toEqual(['not-applicable']);
  });

  test('passes when every image, datastore images included, is under an allowed registry', async () => {
    const spec = withRegistries(['ghcr.io/acme', 'docker.io/library']);
    const findings = run(specImg003, await specContext('staging', { spec }), { now: NOW });
    expect(passes(findings).map((f) => f.location.specPath)).toEqual(['services.web.image', 'services.worker.image', 'postgres.image', 'redis.image']);
    expect(failures(findings)).toEqual([]);
    expect(at(findings, 'services.web.image')[0]!.message).toBe('service web image in staging comes from ghcr.io/acme/web, allowed by ghcr.io/acme');
  });

  test('on aws only the service images count (RDS and ElastiCache run their own engines)', async () => {
    const spec = withRegistries(['ghcr.io/acme']);
    const findings = run(specImg003, await specContext('prod', { spec }), { now: NOW });
    expect(findings.map((f) => [f.location.specPath, f.outcome])).toEqual([
      ['services.web.image', 'pass'],
      ['services.worker.image', 'pass'],
    ]);
  });

  test('fails when a datastore image comes from a registry outside the list: a warning in staging, info in dev', async () => {
    const spec = withRegistries(['ghcr.io/acme']);
    const [staging] = at(run(specImg003, await specContext('staging', { spec }), { now: NOW }), 'postgres.image');
    expect(staging).toMatchObject({ outcome: 'fail', severity: 'warning', blocking: false });
    expect(staging!.message).toBe('postgres image in staging comes from docker.io/library/postgres, which is not under an allowed registry (ghcr.io/acme)');
    const [dev] = at(run(specImg003, await specContext('dev', { spec }), { now: NOW }), 'redis.image');
    expect(dev).toMatchObject({ outcome: 'fail', severity: 'info', blocking: false });
  });

  test('fails when a production service image is outside the list, and blocks', async () => {
    const spec = withRegistries(['ghcr.io/other']);
    const [f] = at(run(specImg003, await specContext('prod', { spec }), { now: NOW }), 'services.web.image');
    expect(f).toMatchObject({ outcome: 'fail', severity: 'error', blocking: true });
    expect(f!.message).toContain('service web image in prod comes from ghcr.io/acme/web, which is not under an allowed registry (ghcr.io/other)');
  });

  test('fails when the entry is only a string prefix of the repository path (ghcr.io/ac is not ghcr.io/acme)', async () => {
    const spec = withRegistries(['ghcr.io/ac']);
    const findings = run(specImg003, await specContext('prod', { spec }), { now: NOW });
    expect(failures(findings).map((f) => f.location.specPath)).toEqual(['services.web.image', 'services.worker.image']);
  });

  test('an entry matches at path boundaries, with or without a trailing /* and in any host case', () => {
    const web = parseImageRef('ghcr.io/acme/web:v1');
    expect(allowedBy(web, ['ghcr.io/acme'])).toBe('ghcr.io/acme');
    expect(allowedBy(web, ['GHCR.IO/acme/*'])).toBe('GHCR.IO/acme/*');
    expect(allowedBy(web, ['ghcr.io'])).toBe('ghcr.io');
    expect(allowedBy(web, ['ghcr.io/acme/web'])).toBe('ghcr.io/acme/web');
    expect(allowedBy(parseImageRef('ghcr.io/acme-evil/web:v1'), ['ghcr.io/acme'])).toBeUndefined();
    expect(allowedBy(parseImageRef('postgres:16'), ['docker.io/library'])).toBe('docker.io/library');
    expect(allowedBy(parseImageRef('registry.example:5000/team/app:v1'), ['registry.example:5000/team'])).toBe('registry.example:5000/team');
  });

  test('a suppression for the spec path turns the failure into suppressed', async () => {
    const spec = withRegistries(['ghcr.io/other']);
    spec.policy.suppressions = [suppression('SPEC-IMG-003', 'services.web.image')];
    const findings = run(specImg003, await specContext('prod', { spec }), { now: NOW });
    expect(at(findings, 'services.web.image')[0]).toMatchObject({ outcome: 'suppressed', blocking: false, waiver: { kind: 'suppression', owner: 'platform-team' } });
    expect(at(findings, 'services.worker.image')[0]).toMatchObject({ outcome: 'fail', blocking: true });
  });
});
