import { containerEnv } from '../../../constructs/docker/env';
import { secretRef } from '../../../model';

const secrets = { value: (s: { variable: string }) => `\${var.${s.variable}}` };

describe('containerEnv', () => {
  test('renders literals, secrets and wired datastores', () => {
    const env = containerEnv(
      'web',
      [
        { name: 'A', value: { kind: 'literal', value: 'x' } },
        { name: 'DATABASE_URL', value: { kind: 'postgres-url' } },
        { name: 'PGPASSWORD', value: { kind: 'postgres-password' } },
        { name: 'REDIS_URL', value: { kind: 'redis-url' } },
        { name: 'S', value: { kind: 'secret', secret: secretRef('SESSION_SECRET') } },
      ],
      secrets,
      { postgres: { url: 'PG_URL', password: 'PG_PW' }, redis: { url: 'REDIS' } },
    );
    expect(env).toEqual(['A=x', 'DATABASE_URL=PG_URL', 'PGPASSWORD=PG_PW', 'REDIS_URL=REDIS', 'S=${var.secret_session_secret}']);
  });

  test('fails when a wired datastore is missing', () => {
    expect(() => containerEnv('web', [{ name: 'REDIS_URL', value: { kind: 'redis-url' } }], secrets, {})).toThrow(
      'services.web.env.REDIS_URL: is wired to a managed redis, but the docker stack has no redis container',
    );
  });
});
