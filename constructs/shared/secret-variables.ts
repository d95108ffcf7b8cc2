import { TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import type { SecretRef } from '../../model';

/**
 * One sensitive Terraform variable per secret the stack needs. The values never enter cdk.tf.json:
 * the CLI passes them to terraform as TF_VAR_<variable>.
 */
export class SecretVariables extends Construct {
  private readonly byName = new Map<string, TerraformVariable>();

  constructor(scope: Construct, id: string, secrets: readonly SecretRef[]) {
    super(scope, id);
    for (const secret of secrets) {
      const variable = new TerraformVariable(this, secret.variable, {
        type: 'string',
        sensitive: true,
        nullable: false,
        description: `Secret ${secret.name}, from the environment's encrypted file (passed as TF_VAR_${secret.variable}).`,
      });
      variable.overrideLogicalId(secret.variable);
      this.byName.set(secret.name, variable);
    }
  }

  /** The `${var.…}` token of a secret; throws if the stack did not declare it. */
  value(secret: SecretRef): string {
    const variable = this.byName.get(secret.name);
    if (!variable) throw new Error(`secret ${secret.name} is not declared in this stack`);
    return variable.stringValue;
  }
}
