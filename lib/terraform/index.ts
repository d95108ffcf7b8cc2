/**
 * Runs terraform for a synthesized stack (`cdktf.out/stacks/<env>`): init, validate, plan, show, version.
 * No cdktf imports: this reads and writes files and JSON only.
 */
export { apply, init, isStalePlanError, plan, showJson, validate, version, type CommandOptions, type InitOptions, type PlanOptions, type PlanResult, type ValidateDiagnostic, type ValidateResult, type VersionResult } from './commands';
export { mirrorCliConfig, PROVIDER_MIRROR_VARIABLE, terraformEnv } from './env';
export { TerraformError } from './errors';
export { runTerraform, type RunOptions, type RunResult } from './process';
