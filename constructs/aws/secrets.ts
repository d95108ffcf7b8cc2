import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { Construct } from 'constructs';
import type { SecretVariables } from '../shared/secret-variables';
import type { SecretRef } from '../../model';
import { pascalCase } from '../../model/naming';

/**
 * The secrets the services read as environment variables, in Secrets Manager (`<app>/<env>/<NAME>`), so that
 * ECS injects them (`secrets[].valueFrom`) and the task definition holds only ARNs. The value is the stack's
 * sensitive variable (`${var.secret_…}`): it is in the state, never in cdk.tf.json.
 *
 * Child IDs, per secret (`<Name>` is the PascalCase secret name, e.g. `SessionSecret`):
 * - `<Name>/Resource` (aws_secretsmanager_secret), `<Name>/Version` (aws_secretsmanager_secret_version)
 */
export interface SecretsManagerSecretsProps {
  /** Name prefix, e.g. `acme/prod`. */
  readonly prefix: string;
  readonly secrets: readonly SecretRef[];
  /** Where the `${var…}` tokens come from (`stack.secrets`). */
  readonly variables: SecretVariables;
  /** Days a deleted secret can be restored; 0 deletes at once. @default 30 */
  readonly recoveryWindowInDays?: number;
}

export class SecretsManagerSecrets extends Construct {
  private readonly arns = new Map<string, string>();

  constructor(scope: Construct, id: string, props: SecretsManagerSecretsProps) {
    super(scope, id);
    for (const ref of props.secrets) {
      const holder = new Construct(this, pascalCase(ref.name));
      const secret = new SecretsmanagerSecret(holder, 'Resource', {
        name: `${props.prefix}/${ref.name}`,
        description: `${ref.name}, from the environment's encrypted file (managed by pinstack)`,
        recoveryWindowInDays: props.recoveryWindowInDays ?? 30,
      });
      new SecretsmanagerSecretVersion(holder, 'Version', { secretId: secret.id, secretString: props.variables.value(ref) });
      this.arns.set(ref.name, secret.arn);
    }
  }

  /** The ARN of a secret (for `valueFrom` and IAM); throws if it was not declared here. */
  arnOf(ref: SecretRef): string {
    const arn = this.arns.get(ref.name);
    if (arn === undefined) throw new Error(`secret ${ref.name} is not in Secrets Manager for this stack`);
    return arn;
  }
}
