import type { Command } from 'commander';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline/promises';
import YAML from 'yaml';
import { pinIssues } from '../../../config/pins';
import {
  checkSecretName,
  convertTfvarsToYaml,
  environmentFileFormat,
  readEnvironmentFile,
  SECRET_NAME_RE,
  setSecret,
  unsetSecret,
} from '../../envfile';
import { environment, readEnvFile, readStdin, repositoryOf, updateEnvFile, warn, type ResolvedEnvironment } from '../env-files';
import { UsageError } from '../errors';

export function register(program: Command): void {
  const secrets = program
    .command('secrets')
    .description("Read and change an environment's encrypted secrets (values never appear in output, except `get`).")
    .addHelpText(
      'after',
      '\nPrefer --from-stdin to a value on the command line (which lands in shell history):\n' +
        '  printf %s "$VALUE" | pinstack secrets set prod SESSION_SECRET --from-stdin\n' +
        '  pinstack secrets set prod TLS_KEY --from-stdin < key.pem',
    );

  secrets
    .command('list')
    .description('Print the names of the secrets, one per line (never the values).')
    .argument('<env>', 'environment of the spec')
    .action(async (envName: string) => {
      const f = await readEnvFile(environment(envName));
      const names = Object.keys(f.secrets);
      if (names.length) process.stdout.write(`${names.join('\n')}\n`);
    });

  secrets
    .command('get')
    .description('Print one secret value to stdout, for scripts (no trailing newline unless stdout is a terminal).')
    .argument('<env>', 'environment of the spec')
    .argument('<name>', 'secret name, e.g. POSTGRES_PASSWORD')
    .action(async (envName: string, name: string) => {
      const env = environment(envName);
      const f = await readEnvFile(env);
      if (!Object.prototype.hasOwnProperty.call(f.secrets, name)) {
        const names = Object.keys(f.secrets);
        throw new UsageError(`${env.file}: secret ${name} is not set (secrets: ${names.length ? names.join(', ') : 'none'})`);
      }
      process.stdout.write(f.secrets[name]! + (process.stdout.isTTY ? '\n' : ''));
    });

  secrets
    .command('set')
    .description('Set a secret (re-encrypting only that value). Give the value on stdin with --from-stdin.')
    .argument('<env>', 'environment of the spec')
    .argument('<name>', `secret name (${SECRET_NAME_RE.source})`)
    .argument('[value]', 'the value (discouraged: it lands in shell history; use --from-stdin)')
    .option('--from-stdin', 'read the value from stdin (one trailing newline is removed)')
    .action(async (envName: string, name: string, value: string | undefined, opts: { fromStdin?: boolean }) => {
      const env = environment(envName);
      checkSecretName(name);
      if (value !== undefined && opts.fromStdin) throw new UsageError('give the value either as an argument or with --from-stdin, not both');
      if (value === undefined && !opts.fromStdin) throw new UsageError(`no value: pipe it in with --from-stdin (e.g. printf %s "$VALUE" | pinstack secrets set ${env.name} ${name} --from-stdin)`);
      if (value !== undefined) {
        warn([`the value of ${name} was given on the command line: it lands in your shell history and is visible to other processes; prefer --from-stdin`]);
      } else {
        if (process.stdin.isTTY) process.stderr.write(`enter the value of ${name}, then press Ctrl-D:\n`);
        value = (await readStdin()).replace(/\r?\n$/, '');
      }
      if (value === '') throw new UsageError(`the value of ${name} is empty; to remove the secret use: pinstack secrets unset ${env.name} ${name}`);
      let before: string | undefined;
      await updateEnvFile(env, (c) => {
        before = c.secrets[name];
        setSecret(c, name, value!);
      });
      const what = before === undefined ? 'added' : before === value ? 'unchanged (same value)' : 'changed';
      process.stdout.write(`${name} ${what} in ${env.file}\n`);
    });

  secrets
    .command('unset')
    .description('Remove a secret.')
    .argument('<env>', 'environment of the spec')
    .argument('<name>', 'secret name')
    .action(async (envName: string, name: string) => {
      const env = environment(envName);
      await updateEnvFile(env, (c) => unsetSecret(c, name));
      process.stdout.write(`${name} removed from ${env.file}\n`);
      const users = Object.entries(env.spec.services)
        .filter(([, s]) => s.secretEnv.includes(name))
        .map(([s]) => s);
      if (users.length) warn([`${name} is still in secretEnv of ${users.join(', ')}: synth of ${env.name} fails until it is set again or removed from the spec`]);
    });

  secrets
    .command('edit')
    .description('Edit the secrets in $EDITOR as YAML (NAME: value); the plaintext copy is wiped afterwards.')
    .argument('<env>', 'environment of the spec')
    .addHelpText(
      'after',
      '\nThe copy lives in a private temporary directory (mode 0700, file 0600, under $TMPDIR) and is overwritten\n' +
        'and deleted when the command ends, whatever happens. Invalid content is refused: on a terminal you may\n' +
        're-open the editor, otherwise nothing is written.',
    )
    .action(async (envName: string) => editSecrets(environment(envName)));

  secrets
    .command('migrate')
    .description('Convert a legacy SOPS binary <env>.enc.tfvars into <env>.enc.yaml (the tfvars file is kept).')
    .argument('<env>', 'environment of the spec')
    .option('--age <recipient>', 'encrypt the new file to this age recipient (repeatable, or comma-separated; default: those of the tfvars file)', collect, [])
    .addHelpText('after', '\n<service>_image variables become pins; other string variables become secrets (names upper-cased).')
    .action(async (envName: string, opts: { age: string[] }) => migrate(environment(envName), opts.age));
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

// ---------------------------------------------------------------------------------------------
// edit

const HEADER = (env: ResolvedEnvironment): string =>
  `# Secrets of environment ${env.name} (${env.file}), decrypted for editing.\n` +
  '# One NAME: value per line. Names: A-Z, 0-9 and _. Values are strings (quote numbers, booleans and null).\n' +
  '# Delete a line to remove that secret. Save and quit to encrypt; quit without saving to change nothing.\n' +
  '# This plaintext copy is wiped when the editor exits.\n';

function render(env: ResolvedEnvironment, secrets: Record<string, string>): string {
  return HEADER(env) + YAML.stringify(secrets, { lineWidth: 0 });
}

/** Parses the edited copy: a YAML mapping of NAME: string. Messages never show a value. */
function parseEdited(text: string): Record<string, string> {
  const doc = YAML.parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length) throw new UsageError(`invalid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  const value: unknown = doc.toJS();
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`expected a YAML mapping of NAME: value (write {} for no secrets), got ${value === null ? 'an empty document' : Array.isArray(value) ? 'a list' : typeof value}`);
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (!SECRET_NAME_RE.test(k)) throw new UsageError(`invalid secret name ${JSON.stringify(k)}: names must match ${SECRET_NAME_RE.source}`);
    if (typeof v !== 'string') {
      const kind = v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v;
      throw new UsageError(`secret ${k} must be a string, got ${kind} (quote the value)`);
    }
    out[k] = v;
  }
  return out;
}

function runEditor(file: string): void {
  const editor = process.env.EDITOR || process.env.VISUAL || 'vi';
  const r =
    process.platform === 'win32'
      ? spawnSync(`${editor} "${file}"`, { stdio: 'inherit', shell: true })
      : spawnSync('/bin/sh', ['-c', `${editor} "$1"`, 'pinstack-editor', file], { stdio: 'inherit' });
  if (r.error) throw new UsageError(`cannot run the editor ${JSON.stringify(editor)}: ${r.error.message} (set EDITOR)`);
  if (r.status !== 0) throw new UsageError(`the editor ${JSON.stringify(editor)} exited with ${r.status ?? r.signal}; nothing was changed`);
}

async function askReopen(reason: string): Promise<boolean> {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return false;
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${reason}\nre-open the editor? [Y/n] `);
    return !/^n/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/** Overwrites every file in `dir` with zeros, flushes, unlinks it, then removes `dir`. */
export function wipeDir(dir: string): void {
  let entries: fs.Dirent[] = [];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    /* already gone */
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    try {
      if (e.isDirectory()) {
        wipeDir(p);
        continue;
      }
      if (e.isFile()) {
        const fd = fs.openSync(p, 'r+');
        try {
          const size = fs.fstatSync(fd).size;
          const zeros = Buffer.alloc(Math.min(size, 1 << 20));
          for (let off = 0; off < size; off += zeros.length) fs.writeSync(fd, zeros, 0, Math.min(zeros.length, size - off), off);
          fs.fsyncSync(fd);
        } finally {
          fs.closeSync(fd);
        }
      }
    } catch {
      /* still unlinked below */
    }
    fs.rmSync(p, { force: true, recursive: true });
  }
  fs.rmSync(dir, { force: true, recursive: true });
}

async function editSecrets(env: ResolvedEnvironment): Promise<void> {
  const original = fs.readFileSync(env.file); // to refuse saving over a change made while the editor was open
  const f = await readEnvFile(env);
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  let interrupted: NodeJS.Signals | undefined;
  const onSignal = (s: NodeJS.Signals): void => {
    interrupted = s;
  };
  for (const s of signals) process.on(s, onSignal);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinstack-secrets-'));
  try {
    fs.chmodSync(dir, 0o700);
    const copy = path.join(dir, `${env.name}.secrets.yaml`);
    fs.writeFileSync(copy, render(env, f.secrets), { mode: 0o600, flag: 'wx' });
    let edited: Record<string, string>;
    for (;;) {
      runEditor(copy);
      if (interrupted) throw new UsageError(`interrupted (${interrupted}); ${env.file} left unchanged`);
      try {
        edited = parseEdited(fs.readFileSync(copy, 'utf8'));
        break;
      } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        if (await askReopen(`the edited secrets are invalid: ${e.message}`)) continue;
        throw new UsageError(`the edited secrets are invalid: ${e.message}; ${env.file} left unchanged`);
      }
    }
    const before = f.secrets;
    // Order is not compared: existing secrets keep their place in the file, new ones are appended.
    const same = Object.keys(before).length === Object.keys(edited).length && Object.entries(edited).every(([k, v]) => before[k] === v);
    if (same) {
      process.stdout.write(`no changes; ${env.file} unchanged\n`);
      return;
    }
    await updateEnvFile(env, (c) => {
      if (!fs.readFileSync(env.file).equals(original)) {
        throw new UsageError(`${env.file} changed on disk while the editor was open; not overwriting it (re-run the command)`);
      }
      c.secrets = edited;
    });
    const added = Object.keys(edited).filter((k) => !(k in before));
    const removed = Object.keys(before).filter((k) => !(k in edited));
    const changed = Object.keys(edited).filter((k) => k in before && before[k] !== edited[k]);
    const parts = [
      added.length ? `added ${added.join(', ')}` : '',
      changed.length ? `changed ${changed.join(', ')}` : '',
      removed.length ? `removed ${removed.join(', ')}` : '',
    ].filter(Boolean);
    process.stdout.write(`${parts.length ? parts.join('; ') : 'no value changed'} in ${env.file}\n`);
  } finally {
    wipeDir(dir);
    for (const s of signals) process.off(s, onSignal);
  }
}

// ---------------------------------------------------------------------------------------------
// migrate

async function migrate(env: ResolvedEnvironment, recipients: string[]): Promise<void> {
  let source = env.file;
  if (environmentFileFormat(env.file) !== 'tfvars-binary') {
    const sibling = path.join(path.dirname(env.file), `${env.name}.enc.tfvars`);
    if (!fs.existsSync(sibling)) {
      throw new UsageError(`${env.file} is already a YAML environment file and there is no legacy ${sibling} to migrate`);
    }
    source = sibling;
  }
  const target = await convertTfvarsToYaml(source, recipients.length ? recipients : undefined, { env: process.env });
  const converted = await readEnvironmentFile(target, { env: process.env });
  warn(converted.warnings);
  for (const service of Object.keys(env.spec.services)) {
    const issues = pinIssues({ env: env.name, service, repository: repositoryOf(env, service), pin: converted.pins[service], file: target });
    warn(issues.map((i) => `${i.path}: ${i.message}`));
  }
  const defaultFile = `secrets/${env.name}.enc.yaml`;
  const pointAt =
    path.normalize(target) === path.normalize(defaultFile)
      ? `remove secretsFile from environments.${env.name} in app.ts (the default is ${defaultFile})`
      : `set secretsFile: '${target.split(path.sep).join('/')}' in environments.${env.name} of app.ts`;
  process.stdout.write(
    `wrote ${target} (${Object.keys(converted.pins).length} pins, ${Object.keys(converted.secrets).length} secrets) ` +
      `encrypted to ${converted.recipients.join(', ')}\n` +
      'next:\n' +
      `  1. ${pointAt}\n` +
      `  2. check it: pinstack pins ${env.name} && pinstack secrets list ${env.name}\n` +
      `  3. delete the legacy file: git rm ${source}\n`,
  );
}
