/** `npm run bench`: synth against its floor, the policy engine against resource count, SOPS operations. */
import { benchPolicy } from './policy.bench';
import { benchSops } from './sops.bench';
import { benchSynth } from './synth.bench';

async function main(): Promise<void> {
  const synth = benchSynth();
  const out: string[] = [];
  out.push('synth of the example (3 stacks), median of 5 fresh processes:');
  out.push(`  floor (load cdktf + provider classes + stack code): ${synth.floor.ms.toFixed(0)} ms, peak RSS ${synth.floor.maxRssMiB.toFixed(0)} MiB`);
  out.push(`  synth (load app + decrypt env files + render + policies + write): ${synth.synth.ms.toFixed(0)} ms, peak RSS ${synth.synth.maxRssMiB.toFixed(0)} MiB`);
  out.push(`  ratio to floor: time ${(synth.synth.ms / synth.floor.ms).toFixed(2)}x, memory ${(synth.synth.maxRssMiB / synth.floor.maxRssMiB).toFixed(2)}x`);
  out.push('', 'policy engine (spec + synth rules) per target with more services (flat µs/resource = linear):', '  target      services  resources  ms/eval  µs/resource');
  for (const r of await benchPolicy()) {
    out.push(`  ${r.target.padEnd(10)}  ${String(r.services).padStart(8)}  ${String(r.resources).padStart(9)}  ${r.ms.toFixed(2).padStart(7)}  ${r.usPerResource.toFixed(1).padStart(11)}`);
  }
  out.push('', 'sops (secrets/dev.enc.yaml, demo key), mean of 30 after warm-up:');
  for (const r of await benchSops()) out.push(`  ${r.name}: ${r.ms.toFixed(2)} ms`);
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((err) => {
  process.stderr.write(`bench: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
