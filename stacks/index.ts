import { App } from 'cdktf';
import type { EnvironmentConfig } from '../config';
import type { EnvironmentModel } from '../model';
import { attachPolicyGate, type PolicyGateOptions } from '../policies/cdktf-adapter';
import { AwsStack } from './aws-stack';
import { DockerStack } from './docker-stack';
import { KubernetesStack } from './kubernetes-stack';
import type { PinstackStack, StackOptions } from './pinstack-stack';

export type { StackOptions } from './pinstack-stack';
export { PinstackStack } from './pinstack-stack';

/** One stack per environment, of the environment's target. */
export function buildStack(app: App, model: EnvironmentModel, options: StackOptions = {}): PinstackStack {
  switch (model.target.kind) {
    case 'docker':
      return new DockerStack(app, model as Extract<EnvironmentModel, { target: { kind: 'docker' } }>, options);
    case 'kubernetes':
      return new KubernetesStack(app, model as Extract<EnvironmentModel, { target: { kind: 'kubernetes' } }>, options);
    case 'aws':
      return new AwsStack(app, model as Extract<EnvironmentModel, { target: { kind: 'aws' } }>, options);
  }
}

export interface AppOptions extends StackOptions {
  /** @default cdktf.out (or CDKTF_OUTDIR when run by the cdktf CLI) */
  readonly outdir?: string;
  /** Policy gate on every stack; blocking findings fail synth unless mode is collect. */
  readonly policies?: PolicyGateOptions;
}

/** Builds every environment's stack, each with the policy gate, into a new App (not synthesized yet). */
export function buildApp(
  environments: ReadonlyArray<{ readonly config: EnvironmentConfig; readonly model: EnvironmentModel }>,
  options: AppOptions = {},
): { app: App; stacks: PinstackStack[] } {
  const app = new App({ ...(options.outdir ? { outdir: options.outdir } : {}) });
  const stacks = environments.map(({ config, model }) => {
    const stack = buildStack(app, model, options);
    attachPolicyGate(stack, config, model, options.policies);
    return stack;
  });
  return { app, stacks };
}
