import * as fs from 'node:fs';
import * as path from 'node:path';
import { stackView, type StackView } from '../tfjson/stack';
import type { Finding } from '../../policies/types';
import { buildApp } from '../../stacks';
import type { Project, ProjectEnvironment } from '../project';

export interface SynthesizedStack {
  readonly name: string;
  readonly environment: ProjectEnvironment;
  /** cdktf.out/stacks/<name> */
  readonly dir: string;
  readonly view: StackView;
  /** Spec and synth findings of this stack. */
  readonly findings: readonly Finding[];
}

export interface SynthResult {
  readonly outdir: string;
  readonly stacks: readonly SynthesizedStack[];
  readonly blocking: boolean;
}

/**
 * Synthesizes every loaded environment into `outdir` with the policy gate in collect mode, so the caller
 * sees every finding. Stacks with blocking findings are removed from the output, so nothing plans them
 * (`keepBlocked` is for `recreate`'s deliberate, confirmed step that turns deletion protection off).
 */
export function synthesizeProject(project: Project, outdir: string, options: { keepBlocked?: boolean } = {}): SynthResult {
  const findingsByStack = new Map<string, Finding[]>();
  const { app } = buildApp(project.environments, {
    outdir,
    offline: project.offline,
    policies: { mode: 'collect', onFindings: (stack, findings) => findingsByStack.set(stack, findings) },
  });
  app.synth();
  const stacks = project.environments.map((environment) => {
    const name = environment.model.stackName;
    const dir = path.join(outdir, 'stacks', name);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as Record<string, unknown>;
    return { name, environment, dir, view: stackView(name, json, project.root), findings: findingsByStack.get(name) ?? [] };
  });
  const blocked = stacks.filter((s) => s.findings.some((f) => f.blocking));
  if (!options.keepBlocked) for (const s of blocked) fs.rmSync(s.dir, { recursive: true, force: true });
  return { outdir, stacks, blocking: blocked.length > 0 };
}

/** Managed resources and data sources in a stack. */
export function resourceCount(view: StackView): number {
  return view.resources.length;
}
