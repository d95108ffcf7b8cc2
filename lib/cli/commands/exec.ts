import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { terraformVariablesEnv } from '../../../model';
import { loadProject } from '../../project';
import { terraformEnv } from '../../terraform';
import { UsageError } from '../errors';

export function register(program: Command): void {
  program
    .command('exec')
    .description("Run a command with the environment's secrets as TF_VAR_* (e.g. `pinstack exec prod -- npx cdktf deploy prod`).")
    .argument('<env>', 'environment')
    .argument('<command...>', 'the command and its arguments, after --')
    .passThroughOptions()
    .action(async (env: string, command: string[]) => {
      const project = await loadProject({ only: [env] });
      for (const w of project.warnings) process.stderr.write(`warning: ${w}\n`);
      const e = project.environments[0]!;
      const [bin, ...args] = command[0] === '--' ? command.slice(1) : command;
      if (!bin) throw new UsageError('give the command to run after --');
      const childEnv = { ...terraformEnv(process.env), ...(project.offline ? { PINSTACK_OFFLINE: '1' } : {}), ...terraformVariablesEnv(e.model.secrets, e.secrets) };
      const code = await new Promise<number>((resolve, reject) => {
        const child = spawn(bin, args, { stdio: 'inherit', env: childEnv });
        child.on('error', (err) => reject(new UsageError(`cannot run ${bin}: ${err.message}`)));
        child.on('close', (c, signal) => resolve(c ?? (signal ? 128 : 1)));
      });
      process.exitCode = code;
    });
}
