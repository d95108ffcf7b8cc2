import type { Command } from 'commander';
import { pinProblems } from '../../../config/pins';
import { pin } from '../../envfile';
import { checkService, environment, repositoryOf, updateEnvFile, type ResolvedEnvironment } from '../env-files';
import { UsageError } from '../errors';

export function register(program: Command): void {
  program
    .command('pin')
    .description("Roll a service forward: pin it to an image in the environment's file (the previous pin goes to the history).")
    .argument('<env>', 'environment of the spec')
    .argument('<service>', 'service of the spec')
    .argument('<image>', 'image reference of the service\'s repository with an immutable tag or a digest, e.g. ghcr.io/acme/web:v43-1a2b3c4')
    .addHelpText('after', '\n:latest (any case) and untagged references are refused; the file is then left unchanged.')
    .action(async (envName: string, service: string, rawImage: string) => {
      const env = environment(envName);
      checkService(env, service);
      const image = rawImage.trim();
      checkPinnable(env, service, image, 'pin');
      let previous: string | undefined;
      const f = await updateEnvFile(env, (c) => {
        previous = c.pins[service];
        pin(c, service, image);
      });
      if (previous === image) {
        process.stdout.write(`${service} in ${env.name} is already pinned to ${image}; ${env.file} unchanged\n`);
        return;
      }
      process.stdout.write(`pinned ${service} in ${env.name}: ${previous ?? '(none)'} -> ${f.pins[service]} (${env.file})\n`);
    });
}

/**
 * Refuses an image the loader would refuse (`pinProblems`: a valid OCI reference, tagged or digested,
 * not :latest, of the service's repository), before anything is written.
 */
export function checkPinnable(env: ResolvedEnvironment, service: string, image: string, verb: string): void {
  const problems = pinProblems(repositoryOf(env, service), image);
  if (problems.length === 0) return;
  const reasons = problems.map((p) => p.reason);
  throw new UsageError(
    `cannot ${verb} ${service} in ${env.name} to ${JSON.stringify(image)}: ${reasons.join('; ')}; ${env.file} left unchanged`,
  );
}
