import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { SecretVariables } from '../constructs/shared/secret-variables';
import type { EnvironmentModel } from '../model';
import { configureBackend } from './backend';

export interface StackOptions {
  /** Dummy AWS credentials and skip flags, so `terraform validate` and `plan` run with no network. */
  readonly offline?: boolean;
}

/** What every target's stack has: the backend and the secret variables. */
export abstract class PinstackStack<M extends EnvironmentModel = EnvironmentModel> extends TerraformStack {
  readonly secrets: SecretVariables;

  protected constructor(scope: Construct, readonly model: M) {
    super(scope, model.stackName);
    configureBackend(this, model.backend);
    this.secrets = new SecretVariables(this, 'Secrets', model.secrets);
  }
}
