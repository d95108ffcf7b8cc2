import { redactMarked, redactPlanJson, redactSecretNames, REDACTED, scrubKnownValues, SENSITIVE, SENSITIVE_CHANGED } from '../../../lib/plan/redact';
import { EXAMPLE_SECRETS } from '../../helpers/example';
import { planScenario } from '../../helpers/plans';
import { TERRAFORM_TEST_TIMEOUT_MS } from '../../helpers/terraform';

jest.setTimeout(TERRAFORM_TEST_TIMEOUT_MS);

describe('redaction', () => {
  test('replaces marked paths, saying on the after side whether the value changed', () => {
    const before = { a: 'x', nested: { token: 't1', keep: 1 }, list: ['p', 'q'] };
    const after = { a: 'x', nested: { token: 't2', keep: 1 }, list: ['p', 'r'] };
    const mirror = { nested: { token: true }, list: [false, true] };
    expect(redactMarked(before, mirror)).toEqual({ a: 'x', nested: { token: SENSITIVE, keep: 1 }, list: ['p', SENSITIVE] });
    expect(redactMarked(after, mirror, before, true)).toEqual({ a: 'x', nested: { token: SENSITIVE_CHANGED, keep: 1 }, list: ['p', SENSITIVE_CHANGED] });
    expect(redactMarked('whole', true)).toBe(SENSITIVE);
  });

  test('redacts secret-looking names, in nested objects, name/value lists and JSON strings', () => {
    const defs = JSON.stringify([{ name: 'web', image: 'x:1', environment: [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'API_TOKEN', value: 'tok-123' }] }]);
    const out = redactSecretNames({ password: 'p', master_username: 'app', container_definitions: defs, tags: { db_password: 'z' } }) as Record<string, unknown>;
    expect(out.password).toBe(REDACTED);
    expect(out.master_username).toBe('app');
    expect((out.tags as Record<string, unknown>).db_password).toBe(REDACTED);
    expect(JSON.parse(out.container_definitions as string)[0].environment).toEqual([{ name: 'LOG_LEVEL', value: 'info' }, { name: 'API_TOKEN', value: REDACTED }]);
  });

  test('scrubs known values in raw, URL-encoded and JSON-escaped forms', () => {
    const secret = 'p@ss/w"rd';
    const text = `a ${secret} b ${encodeURIComponent(secret)} c ${JSON.stringify(secret)}`;
    expect(scrubKnownValues(text, [secret])).toBe(`a ${REDACTED} b ${REDACTED} c "${REDACTED}"`);
  });

  test('a real plan, redacted, keeps only the sections pinstack reads and no secret value', async () => {
    const s = await planScenario('create');
    const raw = JSON.stringify(s.plan);
    // terraform prints sensitive values in clear: the raw plan has them (variables, planned values...).
    expect(Object.values(EXAMPLE_SECRETS).some((v) => raw.includes(v))).toBe(true);
    const safe = redactPlanJson(s.plan, []);
    expect(Object.keys(safe).sort()).toEqual(['format_version', 'resource_changes', 'terraform_version', ...(s.plan.resource_drift ? ['resource_drift'] : []), ...(s.plan.output_changes ? ['output_changes'] : []), ...(s.plan.errored !== undefined ? ['errored'] : []), ...(s.plan.timestamp ? ['timestamp'] : [])].sort());
    const text = JSON.stringify(safe);
    for (const v of Object.values(EXAMPLE_SECRETS)) {
      expect(text).not.toContain(v);
      expect(text).not.toContain(encodeURIComponent(v));
    }
    expect(text).toMatch(/\(sensitive(, changed)?\)/);
    // A boolean under a secret-looking name is not a secret.
    expect(text).toContain('"manage_master_user_password":true');
  });
});
