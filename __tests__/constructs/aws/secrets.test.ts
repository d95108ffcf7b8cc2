import { EXAMPLE_SECRETS, exampleSpec } from '../../helpers/example';
import { resource, resources, synthAws } from './synth';

describe('Secrets Manager secrets', () => {
  test('one secret per secret environment variable, its value the sensitive variable', async () => {
    const { json } = await synthAws();
    expect(resource(json, 'aws_secretsmanager_secret', 'SecretsManager_SessionSecret')).toEqual({
      name: 'acme/prod/SESSION_SECRET',
      description: "SESSION_SECRET, from the environment's encrypted file (managed by pinstack)",
      recovery_window_in_days: 30,
    });
    expect(resource(json, 'aws_secretsmanager_secret_version', 'SecretsManager_SessionSecret')).toMatchObject({ secret_string: '${var.secret_session_secret}' });
    expect(json.variable.secret_session_secret).toMatchObject({ sensitive: true, nullable: false, type: 'string' });
  });

  test('no Secrets Manager copy of REDIS_PASSWORD or POSTGRES_PASSWORD (only the composed REDIS_URL)', async () => {
    const { json } = await synthAws();
    expect(resources(json, 'aws_secretsmanager_secret').map(([, s]) => s.name).sort()).toEqual(['acme/prod/SESSION_SECRET', 'acme/prod/redis/url']);
  });

  test('deleted at once outside production', async () => {
    const spec = exampleSpec();
    spec.environments.prod.tier = 'staging';
    const { json } = await synthAws({ spec });
    for (const [, s] of resources(json, 'aws_secretsmanager_secret')) expect(s.recovery_window_in_days).toBe(0);
  });

  test('no secret value appears anywhere in the synthesized JSON', async () => {
    for (const offline of [false, true]) {
      const { text } = await synthAws({ offline });
      for (const [name, value] of Object.entries(EXAMPLE_SECRETS)) {
        expect({ name, found: text.includes(value) }).toEqual({ name, found: false });
      }
    }
  });
});
