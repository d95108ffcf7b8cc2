import { FARGATE_SIZES } from '../../../config/capabilities';
import type { TfResource } from '../../../lib/tfjson/stack';
import type { Check, SynthContext } from '../../types';
import { defineRule, sev } from '../helpers';
import { conclude, containerDefinitions, listOf, locate, numberOf, servicesOfTask, who } from './common';

/** Task `cpu` in CPU units: "1024", 1024 or "1 vCPU". */
function cpuUnits(value: unknown): number | 'expression' | undefined {
  const vcpu = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*vcpu\s*$/i.exec(value) : null;
  if (vcpu) return Math.round(Number(vcpu[1]) * 1024);
  return numberOf(value);
}

/** Task `memory` in MiB: "2048", 2048 or "2 GB". */
function memoryMiB(value: unknown): number | 'expression' | undefined {
  const gb = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*gb\s*$/i.exec(value) : null;
  if (gb) return Math.round(Number(gb[1]) * 1024);
  return numberOf(value);
}

/** True when the task definition runs on Fargate (declared, or used by a Fargate service). */
function onFargate(ctx: SynthContext, td: TfResource): boolean {
  if (listOf(td.values.requires_compatibilities).includes('FARGATE')) return true;
  return servicesOfTask(ctx, td).some((s) => s.values.launch_type === 'FARGATE');
}

/** The allowed memory sizes of a Fargate CPU size, as text. */
function allowedMemory(cpu: number): string | undefined {
  const size = FARGATE_SIZES.find((s) => Math.round(s.cpu * 1024) === cpu);
  if (!size) return undefined;
  const m = size.memoryMiB;
  return m.length > 4 ? `${m[0]}-${m[m.length - 1]} MiB in steps of ${m[1]! - m[0]!}` : `${m.join(', ')} MiB`;
}

/** AWS-ECS-006: the Fargate task size is one AWS offers, and its containers fit in it. */
export const awsEcs006 = defineRule(
  {
    id: 'AWS-ECS-006',
    title: 'ECS task cpu/memory is a valid Fargate size and the containers fit in it',
    stage: 'synth',
    targets: ['aws'],
    category: 'reliability',
    rationale:
      'Fargate only runs the task sizes of its table (e.g. 0.25 vCPU with 512-2048 MiB); any other combination, or a container that asks for more memory or CPU than its task has, is rejected by RegisterTaskDefinition at apply time, half way through a deployment.',
    remediation:
      'Set services.<name>.resources in app.ts and let the renderer pick the smallest Fargate size that holds them (config/capabilities.ts FARGATE_SIZES); remove any addOverride of the task definition\'s cpu/memory or of the containers\' memory, memoryReservation or cpu.',
    severity: sev('error', 'error', 'error'),
    enforcement: 'hard',
    anchors: [],
  },
  (ctx) => {
    const checks: Check[] = [];
    for (const td of ctx.stack.ofType('aws_ecs_task_definition')) {
      if (!onFargate(ctx, td)) continue;
      const what = who(ctx, td);
      const location = locate(ctx, td);
      const problems: string[] = [];
      const unresolved: string[] = [];
      // The task size is judged even when the containers cannot be read.
      const defs = containerDefinitions(td);
      const containers = defs.kind === 'parsed' ? defs.containers : [];
      if (defs.kind === 'expression') unresolved.push(`the container sizes (container_definitions is the expression ${defs.expression})`);
      else if (defs.kind === 'invalid') problems.push(defs.problem);
      const cpu = cpuUnits(td.values.cpu);
      const memory = memoryMiB(td.values.memory);
      if (cpu === 'expression') unresolved.push(`cpu is the expression ${String(td.values.cpu)}`);
      if (memory === 'expression') unresolved.push(`memory is the expression ${String(td.values.memory)}`);
      if (cpu === undefined) problems.push(`has no valid task cpu (got ${JSON.stringify(td.values.cpu ?? null)}); Fargate requires one`);
      if (memory === undefined) problems.push(`has no valid task memory (got ${JSON.stringify(td.values.memory ?? null)}); Fargate requires one`);
      if (typeof cpu === 'number' && typeof memory === 'number') {
        const allowed = allowedMemory(cpu);
        if (!allowed) problems.push(`asks for cpu ${cpu}, which is not a Fargate CPU size (${FARGATE_SIZES.map((s) => Math.round(s.cpu * 1024)).join(', ')})`);
        else if (!FARGATE_SIZES.find((s) => Math.round(s.cpu * 1024) === cpu)!.memoryMiB.includes(memory)) {
          problems.push(`asks for cpu ${cpu} with memory ${memory} MiB, which Fargate does not offer (cpu ${cpu} takes ${allowed})`);
        }
      }

      let reserved = 0;
      let cpuSum = 0;
      let sumsKnown = true;
      for (const c of containers) {
        const limit = numberOf(c.values.memory);
        const reservation = numberOf(c.values.memoryReservation);
        const containerCpu = numberOf(c.values.cpu);
        for (const [field, v] of [['memory', limit], ['memoryReservation', reservation], ['cpu', containerCpu]] as const) {
          if (v === 'expression') {
            unresolved.push(`container ${c.name} ${field} is an expression`);
            sumsKnown = false;
          }
        }
        if (typeof limit === 'number' && typeof memory === 'number' && limit > memory) problems.push(`container ${c.name} has a memory limit of ${limit} MiB, more than the task's ${memory} MiB`);
        if (typeof limit === 'number' && typeof reservation === 'number' && reservation > limit) {
          problems.push(`container ${c.name} reserves ${reservation} MiB, more than its own limit of ${limit} MiB`);
        }
        const share = typeof reservation === 'number' ? reservation : typeof limit === 'number' ? limit : 0;
        reserved += share;
        cpuSum += typeof containerCpu === 'number' ? containerCpu : 0;
      }
      if (sumsKnown && typeof memory === 'number' && reserved > memory) problems.push(`its containers reserve ${reserved} MiB together, more than the task's ${memory} MiB`);
      if (sumsKnown && typeof cpu === 'number' && cpuSum > cpu) problems.push(`its containers ask for ${cpuSum} CPU units together, more than the task's ${cpu}`);
      checks.push(
        conclude(
          what,
          location,
          problems,
          unresolved,
          `is a valid Fargate size (cpu ${String(cpu)}, memory ${String(memory)} MiB) and its ${containers.length} container${containers.length === 1 ? '' : 's'} fit in it (${reserved} MiB reserved)`,
        ),
      );
    }
    return checks;
  },
);
