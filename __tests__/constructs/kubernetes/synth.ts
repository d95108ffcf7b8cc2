import { Testing } from 'cdktf';
import type { KubernetesEnvironmentModel } from '../../../model';
import { KubernetesStack } from '../../../stacks/kubernetes-stack';
import { EXAMPLE_SECRETS, exampleModel, exampleSpec } from '../../helpers/example';

export type Json = any;

/** The model of the example's kubernetes environment (staging), or of a variant of the spec. */
export async function stagingModel(opts: { spec?: unknown; secrets?: Record<string, string>; pins?: Record<string, string> } = {}): Promise<KubernetesEnvironmentModel> {
  const model = await exampleModel('staging', opts);
  if (model.target.kind !== 'kubernetes') throw new Error(`expected staging on kubernetes, got ${model.target.kind}`);
  return model as KubernetesEnvironmentModel;
}

export interface Synthesized {
  readonly text: string;
  readonly json: Json;
  readonly stack: KubernetesStack;
  readonly model: KubernetesEnvironmentModel;
}

/** Synthesizes the staging stack (of the example, or of `mutate(exampleSpec())`) and parses cdk.tf.json. */
export async function synthStaging(mutate?: (spec: Json) => void, secrets: Record<string, string> = { ...EXAMPLE_SECRETS }): Promise<Synthesized> {
  let spec: Json | undefined;
  if (mutate) {
    spec = exampleSpec();
    mutate(spec);
  }
  const model = await stagingModel({ ...(spec ? { spec } : {}), secrets });
  const stack = new KubernetesStack(Testing.app(), model);
  const text = Testing.synth(stack);
  return { text, json: JSON.parse(text), stack, model };
}

/** The resources of one type, by logical id ({} when none). */
export function resources(json: Json, type: string): Record<string, Json> {
  return json.resource?.[type] ?? {};
}

export function resourceList(json: Json, type: string): Json[] {
  return Object.values(resources(json, type));
}

/** The one resource of a type whose metadata.name is `name`. */
export function byName(json: Json, type: string, name: string): Json {
  const found = resourceList(json, type).filter((r) => r.metadata?.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, got ${found.length}`);
  return found[0];
}

export function container(workload: Json): Json {
  return workload.spec.template.spec.container[0];
}

/** camelCase keys -> snake_case, as cdktf writes them: to compare a translation with cdk.tf.json. */
export function snakeKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), snakeKeys(v)]));
  }
  return value;
}
