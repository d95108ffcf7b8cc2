import type { Command } from 'commander';
import { rollback } from '../../envfile';
import { checkService, environment, updateEnvFile } from '../env-files';
import { checkPinnable } from './pin';

export function register(program: Command): void {
  program
    .command('rollback')
    .description('Pin a service back to its previous image, or to one from its pin history (see `pinstack pins <env>`).')
    .argument('<env>', 'environment of the spec')
    .argument('<service>', 'service of the spec')
    .option('--to <image>', 'an image from the pin history (default: the most recent one)')
    .addHelpText('after', '\nThe replaced pin becomes the most recent history entry, so two rollbacks in a row toggle (like `cd -`).')
    .action(async (envName: string, service: string, opts: { to?: string }) => {
      const env = environment(envName);
      checkService(env, service);
      let previous: string | undefined;
      let target = '';
      const f = await updateEnvFile(env, (c) => {
        previous = c.pins[service];
        target = rollback(c, service, opts.to?.trim());
        // A history entry is checked like a new pin (the spec's repository may have changed since).
        checkPinnable(env, service, target, 'roll back');
      });
      process.stdout.write(`rolled back ${service} in ${env.name}: ${previous ?? '(none)'} -> ${f.pins[service] ?? target} (${env.file})\n`);
    });
}
