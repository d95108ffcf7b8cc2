import type { Command } from 'commander';
import { DEMO_KEY_PATH, DEMO_RECIPIENT, demoRecipientWarning } from '../../envfile';
import { defaultKeyFilePath, normalizeRecipients, rotateDataKey, unwrapFromMetadata, updateRecipients, type SopsFile } from '../../sops';
import { displayPath, environment, openOptions, readEnvFile, warn, type ResolvedEnvironment } from '../env-files';
import { UsageError } from '../errors';

export function register(program: Command): void {
  const keys = program
    .command('keys')
    .description("Manage the age recipients of an environment's file; without a subcommand, explain how to leave the demo key.")
    .action(() => {
      process.stdout.write(guide());
    });

  keys
    .command('list')
    .description('Print the age recipients the file is encrypted to, one per line.')
    .argument('<env>', 'environment of the spec')
    .action(async (envName: string) => {
      const f = await readEnvFile(environment(envName));
      process.stdout.write(`${f.recipients.join('\n')}\n`);
    });

  keys
    .command('add')
    .description('Encrypt the data key to more age recipients too (like `sops updatekeys`; values do not change).')
    .argument('<env>', 'environment of the spec')
    .argument('<recipient...>', 'age1… X25519 recipients')
    .action(async (envName: string, added: string[]) => {
      const env = environment(envName);
      const wanted = normalizeRecipients(added);
      const current = (await readEnvFile(env)).recipients;
      const fresh = wanted.filter((r) => !current.includes(r));
      if (fresh.length === 0) {
        process.stdout.write(`${env.file} is already encrypted to ${wanted.join(', ')}; unchanged\n`);
        return;
      }
      const next = await updateRecipients(env.file, [...current, ...fresh], openOptions());
      report(env, next, `added ${fresh.join(', ')}`);
    });

  keys
    .command('remove')
    .description('Stop encrypting the data key to age recipients (refuses to remove the last one). Then run `keys rotate`.')
    .argument('<env>', 'environment of the spec')
    .argument('<recipient...>', 'age1… recipients to remove')
    .action(async (envName: string, removed: string[]) => {
      const env = environment(envName);
      const gone = [...new Set(removed.map((r) => r.trim()))];
      const current = (await readEnvFile(env)).recipients;
      const unknown = gone.filter((r) => !current.includes(r));
      if (unknown.length) throw new UsageError(`${env.file} is not encrypted to ${unknown.join(', ')} (recipients: ${current.join(', ')}); unchanged`);
      const rest = current.filter((r) => !gone.includes(r));
      if (rest.length === 0) {
        throw new UsageError(`refusing to remove the last recipient of ${env.file}: nobody could decrypt it any more. Add another first (pinstack keys add ${env.name} age1…)`);
      }
      const next = await updateRecipients(env.file, rest, openOptions());
      report(env, next, `removed ${gone.join(', ')}`);
      warn([
        `the removed key still opens the old versions of ${env.file} in git history, and whoever held it knows the current data key: ` +
          `run \`pinstack keys rotate ${env.name}\` and change the secret values`,
      ]);
      await warnIfLockedOut(env, next);
    });

  keys
    .command('rotate')
    .description('Generate a new data key and re-encrypt every value with it (like `sops rotate`), for the same recipients.')
    .argument('<env>', 'environment of the spec')
    .action(async (envName: string) => {
      const env = environment(envName);
      const next = await rotateDataKey(env.file, openOptions());
      report(env, next, 'rotated the data key (every value re-encrypted)');
      warn([`old versions of ${env.file} in git history still decrypt with the old data key: change every secret value that may have been exposed`]);
    });
}

function report(env: ResolvedEnvironment, f: SopsFile, what: string): void {
  warn([...f.warnings, ...demoRecipientWarning(env, f.recipients)]);
  process.stdout.write(`${what}: ${env.file} is now encrypted to ${f.recipients.length} recipient${f.recipients.length === 1 ? '' : 's'}:\n`);
  for (const r of f.recipients) process.stdout.write(`  ${r}${r === DEMO_RECIPIENT ? '  (public demo key)' : ''}\n`);
}

/** Warns when none of the user's identities (nor the demo key, for a file still encrypted to it) opens the file any more. */
async function warnIfLockedOut(env: ResolvedEnvironment, f: SopsFile): Promise<void> {
  try {
    await unwrapFromMetadata(f.metadata.age, { ...openOptions(), file: env.file });
  } catch {
    warn([`none of your age identities (SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, ${displayPath(defaultKeyFilePath())}) can decrypt ${env.file} any more; only the holders of its recipients can`]);
  }
}

function guide(): string {
  const demo = displayPath(DEMO_KEY_PATH);
  return `Every environment file (secrets/<env>.enc.yaml) is a SOPS file: its values are encrypted with a data key,
and the data key is encrypted to each age recipient listed in it.

The example files are encrypted to the PUBLIC demo key
  ${DEMO_RECIPIENT}
whose private half is committed in ${demo}: anyone can decrypt them. pinstack falls back to it (with a
warning) only for files encrypted to it. Before a real secret goes into an environment:

  1. Create your own key (prints "Public key: age1…"):
       age-keygen -o ~/.config/sops/age/keys.txt
     (or anywhere, with SOPS_AGE_KEY_FILE=<path>; macOS default: ~/Library/Application Support/sops/age/keys.txt)
  2. CI: create a key for CI too and store its AGE-SECRET-KEY-1… line as the secret variable SOPS_AGE_KEY.
  3. Add your recipients (yours, your team's, CI's):
       pinstack keys add <env> age1… age1…
  4. Remove the demo recipient:
       pinstack keys remove <env> ${DEMO_RECIPIENT}
  5. Rotate the data key (whoever had the demo key knows the old one):
       pinstack keys rotate <env>
  6. CHANGE EVERY SECRET VALUE: old versions of the file stay in git history, still encrypted to the demo key,
     so every value they hold is public. Re-keying does not un-publish them; only new values are safe:
       pinstack secrets list <env>
       printf %s "$NEW_VALUE" | pinstack secrets set <env> <NAME> --from-stdin
     (and change the password in the database, the token at the provider, ...).
  7. Put your recipients in .sops.yaml (creation_rules) so the real \`sops\` uses them too.

See the recipients of an environment: pinstack keys list <env>
`;
}
