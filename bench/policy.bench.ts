/**
 * Policy engine cost against resource count: each environment (docker, kubernetes, aws) of the example with
 * more and more services, rendered once, then spec + synth rules evaluated repeatedly. The cost per resource should stay
 * flat (linear growth); the report prints it so a quadratic rule shows up as a rising column.
 */
import { performance } from 'node:perf_hooks';
import { Testing } from 'cdktf';
import { loadEnvironments } from '../config';
import { stackView } from '../lib/tfjson/stack';
import { buildModel } from '../model';
import { evaluate } from '../policies/engine';
import { RULES } from '../policies/rules';
import { buildStack } from '../stacks';
import exampleApp from '../app';

export interface PolicyBenchRow {
  readonly environment: string;
  readonly target: string;
  readonly services: number;
  readonly resources: number;
  readonly ms: number;
  readonly usPerResource: number;
}

function variant(services: number): { spec: any; pins: Record<string, string> } {
  const spec = structuredClone(exampleApp) as any;
  const pins: Record<string, string> = {};
  for (let i = 0; i < services; i++) {
    const name = `svc${i}`;
    spec.services[name] = { ...structuredClone(spec.services.worker), image: `ghcr.io/acme/${name}` };
    pins[name] = `ghcr.io/acme/${name}:v1-0a1b2c3`;
  }
  return { spec, pins: { ...pins, web: 'ghcr.io/acme/web:v42-3f9c2ab', worker: 'ghcr.io/acme/worker:v42-3f9c2ab' } };
}

export async function benchPolicy(sizes = [0, 10, 40, 160], environments = ['dev', 'staging', 'prod']): Promise<PolicyBenchRow[]> {
  const secrets = { SESSION_SECRET: 'bench-session-secret-000000', REDIS_PASSWORD: 'bench-redis-password-000000000', POSTGRES_PASSWORD: 'bench-pg-password' };
  const rows: PolicyBenchRow[] = [];
  for (const env of environments) for (const n of sizes) {
    const { spec, pins } = variant(n);
    const [loaded] = await loadEnvironments(spec, async (p) => ({ path: p, pins, secrets }), { only: [env] });
    const config = loaded!.config;
    const model = buildModel(config, { localBackend: true });
    const stack = buildStack(Testing.app(), model, { offline: true });
    const view = stackView(env, stack.toTerraform() as Record<string, unknown>);
    const run = () => {
      evaluate(RULES, { stage: 'spec', config, model });
      evaluate(RULES, { stage: 'synth', config, model, stack: view });
    };
    for (let i = 0; i < 3; i++) run();
    const reps = Math.max(20, Math.round(4000 / Math.max(1, view.resources.length)));
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) run();
    const ms = (performance.now() - t0) / reps;
    rows.push({ environment: env, target: config.target.kind, services: n + 2, resources: view.resources.length, ms, usPerResource: (ms * 1000) / view.resources.length });
  }
  return rows;
}
