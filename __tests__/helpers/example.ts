import exampleApp from '../../app';
import { type AppInput, type EnvironmentSource, loadEnvironments, type LoadedEnvironment } from '../../config';
import { buildModel, type EnvironmentModel } from '../../model';

/** Pins and secrets as the example's encrypted files hold them (the values are test-only). */
export const EXAMPLE_PINS: Readonly<Record<string, string>> = {
  web: 'ghcr.io/acme/web:v42-3f9c2ab',
  worker: 'ghcr.io/acme/worker:v42-3f9c2ab',
};

/** Recognisable values so tests can prove they never reach cdk.tf.json. */
export const EXAMPLE_SECRETS: Readonly<Record<string, string>> = {
  SESSION_SECRET: 'test-session-secret-3c1d9e7f0a2b',
  POSTGRES_PASSWORD: 'test-postgres-password-8e4f2a1c',
  REDIS_PASSWORD: 'test-redis-password-5b7d9f1e3a6c',
};

export function memorySource(pins = EXAMPLE_PINS, secrets = EXAMPLE_SECRETS) {
  return async (path: string, _env?: string): Promise<EnvironmentSource> => ({ path, pins, secrets });
}

/** The example app (or a variant), loaded with in-memory pins and secrets. */
export async function loadExample(opts: {
  spec?: AppInput | unknown;
  pins?: Record<string, string>;
  secrets?: Record<string, string>;
  only?: string[];
} = {}): Promise<LoadedEnvironment[]> {
  return loadEnvironments(opts.spec ?? exampleApp, memorySource(opts.pins ?? EXAMPLE_PINS, opts.secrets ?? EXAMPLE_SECRETS), {
    ...(opts.only ? { only: opts.only } : {}),
  });
}

/** The model of one environment of the example (or of a variant spec). */
export async function exampleModel(env: string, opts: Parameters<typeof loadExample>[0] = {}): Promise<EnvironmentModel> {
  const [loaded] = await loadExample({ ...opts, only: [env] });
  return buildModel(loaded!.config);
}

/** A deep copy of the example spec to mutate in a test. */
export function exampleSpec(): any {
  return structuredClone(exampleApp);
}
