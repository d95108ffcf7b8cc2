import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands';
import { scrubKnownValues } from '../plan/redact';
import { knownSecrets } from '../project';
import { exitCodeOf } from './errors';

export function buildProgram(): Command {
  const program = new Command('pinstack')
    .description('Typed app spec -> Docker, Kubernetes or AWS stacks, with SOPS-pinned images and policy checks.')
    .showHelpAfterError()
    .enablePositionalOptions()
    .exitOverride();
  registerCommands(program);
  return program;
}

/** Entry point of `bin/pinstack`: runs one command and sets the process exit code. */
export async function run(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander already printed the message; help and version exit 0, usage errors 2.
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    const code = exitCodeOf(err);
    // Last line of defence: no decrypted secret value leaves in an error message (terraform output included).
    const scrub = (text: string) => scrubKnownValues(text, knownSecrets());
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`pinstack: ${scrub(message)}\n`);
    if (code === 70 && err instanceof Error && err.stack) process.stderr.write(`${scrub(err.stack)}\n`);
    process.exitCode = code;
  }
}
