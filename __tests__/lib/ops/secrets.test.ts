import { placeholderReason, requiredSecretNames, secretChecks } from '../../../lib/ops';
import { loadExample } from '../../helpers/example';
import { buildModel } from '../../../model';

describe('placeholderReason', () => {
  test.each(['changeme', 'CHANGE_ME', 'change-me', 'TODO', 'todo: real value', 'TBD', 'FIXME', 'xxx', '<your password>', '${DB_PASSWORD}', '{{ secret }}', 'postgres://app:changeme@db/app'])(
    'flags %j',
    (value) => {
      expect(placeholderReason(value)).toBeDefined();
    },
  );

  test.each(['test-session-secret-3c1d9e7f0a2b', 'postgres://app:Zk3q9v@db/app', 'changemeplease-no', 'todolist-7f3a'])('accepts %j', (value) => {
    expect(placeholderReason(value)).toBeUndefined();
  });

  test('fails when the value is empty or only spaces', () => {
    expect(placeholderReason('')).toBe('is empty');
    expect(placeholderReason('   ')).toBe('is empty');
  });
});

describe('secretChecks', () => {
  test('one sorted check per name, values never shown', () => {
    const checks = secretChecks(['B', 'A', 'C', 'D', 'A'], { A: 'real-value-1', B: '', D: 'changeme' }, 'secrets/dev.enc.yaml');
    expect(checks).toEqual([
      { name: 'secret A', status: 'ok' },
      { name: 'secret B', status: 'failed', detail: 'is empty in secrets/dev.enc.yaml (value not shown)' },
      { name: 'secret C', status: 'failed', detail: 'missing from secrets/dev.enc.yaml' },
      { name: 'secret D', status: 'failed', detail: 'is a placeholder value in secrets/dev.enc.yaml (value not shown)' },
    ]);
    expect(JSON.stringify(checks)).not.toContain('real-value-1');
  });
});

describe('requiredSecretNames', () => {
  test('the model secrets (services and managed datastores) plus the extra names', async () => {
    const [dev] = await loadExample({ only: ['dev'] });
    const model = buildModel(dev!.config);
    expect(requiredSecretNames(dev!.config, model, ['ADMIN_DATABASE_URL', undefined])).toEqual(['ADMIN_DATABASE_URL', 'POSTGRES_PASSWORD', 'REDIS_PASSWORD', 'SESSION_SECRET']);
  });

  test('on aws the managed Postgres password is RDS-managed, not a secret of the file', async () => {
    const [prod] = await loadExample({ only: ['prod'] });
    expect(requiredSecretNames(prod!.config, buildModel(prod!.config))).toEqual(['REDIS_PASSWORD', 'SESSION_SECRET']);
  });
});
