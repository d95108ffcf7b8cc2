import type { Command } from 'commander';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildProgram } from '../../lib/cli/main';
import { type Invocation, pinstackInvocations, REPO_ROOT, shellWords } from './workflow-files';

/** `pinstack <command> [<subcommand>]` as docs/CLI.md lists them: command -> subcommands (empty: none). */
function documentedCommands(): Map<string, Set<string>> {
  const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'CLI.md'), 'utf8');
  const commands = new Map<string, Set<string>>();
  for (const m of doc.matchAll(/`pinstack ([^`]+)`/g)) {
    const [command, next] = m[1]!.split(/\s+/);
    const subs = commands.get(command!) ?? new Set<string>();
    // A bare word (or bare alternatives `a\|b`, optionally in brackets) after the command is a subcommand.
    const alternatives = next?.replace(/^\[|\]$/g, '').split(/\\?\|/) ?? [];
    if (alternatives.length > 0 && alternatives.every((w) => /^[a-z][a-z-]*$/.test(w))) for (const w of alternatives) subs.add(w);
    commands.set(command!, subs);
  }
  return commands;
}

function describeInvocation(inv: Invocation): string {
  return `${inv.where}: pinstack ${inv.words.join(' ')}`;
}

function findCommand(parent: Command, name: string | undefined): Command | undefined {
  return parent.commands.find((c) => c.name() === name || c.aliases().includes(name ?? ''));
}

describe('pinstack commands run by the workflows', () => {
  const invocations = pinstackInvocations();

  test('the workflows run pinstack commands', () => {
    const commands = new Set(invocations.map((i) => i.words[0]));
    for (const c of ['affected', 'check', 'plan', 'comment', 'preflight', 'deploy', 'verify', 'pin', 'rollback', 'pins', 'recreate', 'tfc']) {
      expect(commands).toContain(c);
    }
  });

  test('every command a workflow runs is documented in docs/CLI.md', () => {
    const documented = documentedCommands();
    const problems: string[] = [];
    for (const inv of invocations) {
      const [command, sub] = inv.words;
      const subs = documented.get(command ?? '');
      if (!subs) problems.push(`${describeInvocation(inv)}: docs/CLI.md has no \`pinstack ${command}\``);
      else if (subs.size > 0 && !subs.has(sub ?? '')) problems.push(`${describeInvocation(inv)}: docs/CLI.md has no \`pinstack ${command} ${sub}\` (it has ${[...subs].join(', ')})`);
    }
    expect(problems).toEqual([]);
  });

  // Fails until every command the workflows need is written: the message lists what is missing.
  test('every command a workflow runs exists in the CLI, with the options it uses', () => {
    const program = buildProgram();
    const documented = documentedCommands();
    const problems: string[] = [];
    for (const inv of invocations) {
      const [name, subName] = inv.words;
      const top = findCommand(program, name);
      const isGroup = (documented.get(name ?? '')?.size ?? 0) > 0 || (top?.commands.length ?? 0) > 0;
      const label = `pinstack ${isGroup ? `${name} ${subName}` : name}`;
      if (!top) {
        problems.push(`${inv.where}: ${label} does not exist`);
        continue;
      }
      const command = isGroup ? findCommand(top, subName) : top;
      if (!command) {
        problems.push(`${inv.where}: ${label} does not exist (pinstack ${name} has ${top.commands.map((c) => c.name()).join(', ')})`);
        continue;
      }
      const known = new Set(command.options.flatMap((o) => [o.long, o.short]).filter((x): x is string => Boolean(x)));
      for (const option of inv.words.filter((w) => /^--?[a-z]/i.test(w)).map((w) => w.split('=')[0]!)) {
        if (!known.has(option)) problems.push(`${inv.where}: ${label} has no option ${option}`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('invocations are read as a shell would split them', () => {
    expect(shellWords(' comment render --plan "${plans[@]}" --details-url "$RUN_URL" > comment.md')).toEqual(['comment', 'render', '--plan', '${plans[@]}', '--details-url', '$RUN_URL']);
    expect(shellWords(" pins staging prod --json > \"$RUNNER_TEMP/pins-before.json\"")).toEqual(['pins', 'staging', 'prod', '--json']);
    expect(shellWords(' tfc status "$TARGET"')).toEqual(['tfc', 'status', '$TARGET']);
  });
});
