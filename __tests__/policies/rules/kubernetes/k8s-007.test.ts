import { k8s007 } from '../../../../policies/rules/kubernetes';
import { failures, passes, run, synthContext } from '../../harness';
import { about, container, override, specInTier, STAGING } from './kubernetes-test-utils';

/** web's env is sorted: DATABASE_URL, LOG_LEVEL, NODE_ENV, PGPASSWORD, PORT, REDIS_URL, SESSION_SECRET. */
const WEB_ENV = { LOG_LEVEL: 1, SESSION_SECRET: 6 } as const;
/** postgres: POSTGRES_USER, POSTGRES_DB, PGDATA, POSTGRES_PASSWORD. */
const PG_PASSWORD = 3;

describe('K8S-007 secrets reach containers only through secret_key_ref', () => {
  test('passes on the example staging: secret and wired variables come from Secrets, plain ones do not look secret', async () => {
    const findings = run(k8s007, await synthContext('staging'));
    expect(passes(findings).map((f) => f.location.address)).toEqual([STAGING.web, STAGING.worker, STAGING.postgres, STAGING.redis].map((r) => r.address));
    expect(failures(findings)).toEqual([]);
    expect(about(findings, STAGING.web.address)[0]!.message).toBe(`service web in staging: ${STAGING.web.address} container web takes 4 variables from Secrets and has 3 plain ones that do not look secret`);
  });

  test('fails when an escape hatch writes the secret variable token into a literal env value, blocking in every tier', async () => {
    const i = WEB_ENV.SESSION_SECRET;
    const mutate = override([STAGING.web.constructPath, container(`env.${i}.value_from`), undefined], [STAGING.web.constructPath, container(`env.${i}.value`), '${var.secret_session_secret}']);
    const [f, ...rest] = failures(run(k8s007, await synthContext('staging', { spec: specInTier('staging', 'development'), mutate })));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'K8S-007', outcome: 'fail', severity: 'error', blocking: true, enforcement: 'hard', location: STAGING.web });
    expect(f!.message).toBe(`service web in staging: ${STAGING.web.address} container web: SESSION_SECRET is a literal env.value holding the sensitive variable var.secret_session_secret`);
  });

  test('fails when an innocently named variable carries a secret token', async () => {
    const mutate = override([STAGING.web.constructPath, container(`env.${WEB_ENV.LOG_LEVEL}.value`), 'debug-${var.secret_session_secret}']);
    const [f] = failures(run(k8s007, await synthContext('staging', { mutate })));
    expect(f!.message).toContain('LOG_LEVEL is a literal env.value holding the sensitive variable var.secret_session_secret');
  });

  test('fails when the datastore password is a literal, without showing it', async () => {
    const mutate = override(
      [STAGING.postgres.constructPath, container(`env.${PG_PASSWORD}.value_from`), undefined],
      [STAGING.postgres.constructPath, container(`env.${PG_PASSWORD}.value`), 'hunter2-literal'],
    );
    const [f] = failures(run(k8s007, await synthContext('staging', { mutate })));
    expect(f).toMatchObject({ blocking: true, location: STAGING.postgres });
    expect(f!.message).toBe(`postgres in staging: ${STAGING.postgres.address} container postgres: POSTGRES_PASSWORD looks like a secret but is a literal env.value (value not shown)`);
    expect(f!.message).not.toContain('hunter2');
  });

  test('fails when a plain spec variable is named like a key', async () => {
    const spec = specInTier('staging', 'staging') as any;
    spec.services.worker.env.SIGNING_KEY = 'not-actually-secret';
    const [f] = failures(run(k8s007, await synthContext('staging', { spec })));
    expect(f).toMatchObject({ location: STAGING.worker, blocking: true });
    expect(f!.message).toContain('SIGNING_KEY looks like a secret but is a literal env.value (value not shown)');
    expect(f!.message).not.toContain('not-actually-secret');
  });

  test('is unknown, not pass, when a plain value is an expression that may carry a secret', async () => {
    const mutate = override([STAGING.web.constructPath, container(`env.${WEB_ENV.LOG_LEVEL}.value`), '${local.log_level}']);
    const [f] = about(run(k8s007, await synthContext('staging', { mutate })), STAGING.web.address);
    expect(f).toMatchObject({ outcome: 'unknown', blocking: false, location: STAGING.web });
    expect(f!.message).toBe(`service web in staging: ${STAGING.web.address} container web: whether the expression env.value of LOG_LEVEL (\${local.log_level}) carries a secret is known only at plan`);
  });
});
