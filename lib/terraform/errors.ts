/** A terraform process that could not start, or that exited with an unexpected code. */
export class TerraformError extends Error {
  constructor(
    /** `terraform <args>` as run (arguments only: values that matter arrive through the environment, never here). */
    readonly command: string,
    /** Exit code, or undefined when the process could not start or was killed. */
    readonly exitCode: number | undefined,
    /** The last lines of stderr (or of stdout when stderr was empty). */
    readonly outputTail: string,
    message?: string,
  ) {
    super(message ?? `${command} failed with exit code ${exitCode ?? 'none'}${outputTail ? `:\n${outputTail}` : ''}`);
    this.name = 'TerraformError';
  }
}
