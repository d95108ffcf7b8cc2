import { secretVariableName } from './naming';

/**
 * A secret a stack needs: declared as a sensitive Terraform variable whose value the CLI passes to
 * terraform as TF_VAR_<variable>. Its value never enters the model.
 */
export interface SecretRef {
  /** Name in the environment's file, e.g. SESSION_SECRET. */
  readonly name: string;
  /** Terraform variable, e.g. secret_session_secret. */
  readonly variable: string;
}

export function secretRef(name: string): SecretRef {
  return { name, variable: secretVariableName(name) };
}

/** The TF_VAR_* environment for a terraform process: only the secrets the stack declares. */
export function terraformVariablesEnv(secrets: readonly SecretRef[], values: Readonly<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const s of secrets) {
    const value = values[s.name];
    if (value === undefined) throw new Error(`secret ${s.name} has no value`);
    env[`TF_VAR_${s.variable}`] = value;
  }
  return env;
}
