import { specImg002 } from '../../../../policies/rules/spec';
import { EXAMPLE_PINS } from '../../../helpers/example';
import { failures, passes, run, specContext } from '../../harness';
import { at, NOW } from './spec-test-utils';

describe('SPEC-IMG-002 production images are pinned by digest or an immutable tag', () => {
  test('passes on the example prod: v<run>-<sha> tags', async () => {
    const findings = run(specImg002, await specContext('prod'), { now: NOW });
    expect(passes(findings).map((f) => f.location.specPath)).toEqual(['services.web.image', 'services.worker.image']);
    expect(failures(findings)).toEqual([]);
  });

  test('fails when a production pin is a movable tag', async () => {
    const pins = { ...EXAMPLE_PINS, web: 'ghcr.io/acme/web:stable' };
    const [f] = at(run(specImg002, await specContext('prod', { pins }), { now: NOW }), 'services.web.image');
    expect(f).toMatchObject({ outcome: 'fail', severity: 'error', blocking: true });
    expect(f!.message).toContain('web image ghcr.io/acme/web:stable in prod is neither a digest nor an immutable tag');
  });

  test('fails when a staging pin is movable, as a warning; dev does not check', async () => {
    const pins = { ...EXAMPLE_PINS, web: 'ghcr.io/acme/web:stable' };
    const [f] = at(run(specImg002, await specContext('staging', { pins }), { now: NOW }), 'services.web.image');
    expect(f).toMatchObject({ outcome: 'fail', severity: 'warning', blocking: false });
    expect(run(specImg002, await specContext('dev', { pins }), { now: NOW })).toEqual([]);
  });
});
