/**
 * Synth cost of the example (3 stacks: docker, kubernetes, aws) against its floor: a process that only loads
 * the same modules (cdktf, the provider classes by deep path, the stack code). Each row is the median of
 * `runs` fresh processes (tsx, as `npx pinstack synth` runs); time includes node and tsx start-up.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

export interface SynthBench {
  readonly floor: { ms: number; maxRssMiB: number };
  readonly synth: { ms: number; maxRssMiB: number };
}

function measure(mode: 'floor' | 'synth'): { ms: number; maxRssMiB: number } {
  const child = path.join(__dirname, 'synth-child.ts');
  const r = spawnSync(process.execPath, ['--import', 'tsx', child, mode], { encoding: 'utf8', env: { ...process.env, PINSTACK_OFFLINE: '1' } });
  if (r.status !== 0) throw new Error(`bench child (${mode}) failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { ms: number; maxRssMiB: number };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function benchSynth(runs = 5): SynthBench {
  const floors = Array.from({ length: runs }, () => measure('floor'));
  const synths = Array.from({ length: runs }, () => measure('synth'));
  return {
    floor: { ms: median(floors.map((f) => f.ms)), maxRssMiB: median(floors.map((f) => f.maxRssMiB)) },
    synth: { ms: median(synths.map((s) => s.ms)), maxRssMiB: median(synths.map((s) => s.maxRssMiB)) },
  };
}
