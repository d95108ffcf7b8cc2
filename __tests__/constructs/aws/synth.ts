import { Testing } from 'cdktf';
import type { AppInput } from '../../../config';
import type { AwsEnvironmentModel } from '../../../model';
import { AwsStack } from '../../../stacks/aws-stack';
import { exampleModel } from '../../helpers/example';

/** The synthesized cdk.tf.json of an aws environment of the example (or of a variant spec), parsed. */
export interface SynthJson {
  readonly resource: Record<string, Record<string, any>>;
  readonly data?: Record<string, Record<string, any>>;
  readonly provider: Record<string, any[]>;
  readonly variable: Record<string, any>;
  readonly output?: Record<string, any>;
}

export interface VariantOptions {
  readonly spec?: AppInput | unknown;
  readonly env?: string;
  readonly pins?: Record<string, string>;
  readonly secrets?: Record<string, string>;
}

export async function awsModel(opts: VariantOptions = {}): Promise<AwsEnvironmentModel> {
  const model = await exampleModel(opts.env ?? 'prod', { ...(opts.spec === undefined ? {} : { spec: opts.spec }), ...(opts.pins ? { pins: opts.pins } : {}), ...(opts.secrets ? { secrets: opts.secrets } : {}) });
  if (model.target.kind !== 'aws') throw new Error(`environment ${model.env} is not an aws environment`);
  return model as AwsEnvironmentModel;
}

type Synthesized = { json: SynthJson; text: string; model: AwsEnvironmentModel };
let examplePromise: Promise<Synthesized> | undefined;

/** Synthesizes the example's prod stack (memoized per test file: treat the result as read-only) or a variant. */
export function synthAws(opts: VariantOptions & { offline?: boolean } = {}): Promise<Synthesized> {
  if (Object.keys(opts).length > 0) return synthesize(opts);
  examplePromise ??= synthesize({});
  return examplePromise;
}

async function synthesize(opts: VariantOptions & { offline?: boolean }): Promise<Synthesized> {
  const model = await awsModel(opts);
  const stack = new AwsStack(Testing.app(), model, { offline: opts.offline ?? false });
  const text = Testing.synth(stack);
  return { json: JSON.parse(text) as SynthJson, text, model };
}

/** The resources of one type, as a list of [logical id, config]. */
export function resources(json: SynthJson, type: string): Array<[string, any]> {
  return Object.entries(json.resource[type] ?? {});
}

/** The one resource of a type whose logical id starts with `prefix` (throws when there is not exactly one). */
export function resource(json: SynthJson, type: string, prefix = ''): any {
  const found = resources(json, type).filter(([id]) => id.startsWith(prefix));
  if (found.length !== 1) throw new Error(`expected one ${type} starting with "${prefix}", found ${found.map(([id]) => id).join(', ') || 'none'}`);
  return found[0]![1];
}

/** `${aws_x.ID.attr}` of a resource. */
export function ref(json: SynthJson, type: string, prefix: string, attr: string): string {
  const id = resources(json, type).find(([i]) => i.startsWith(prefix))?.[0];
  if (!id) throw new Error(`no ${type} starting with "${prefix}"`);
  return `\${${type}.${id}.${attr}}`;
}

export function containerDefinitions(json: SynthJson, service: string): any[] {
  return JSON.parse(resource(json, 'aws_ecs_task_definition', `Service${service}_`).container_definitions);
}

/** The one data source of a type whose logical id starts with `prefix`. */
export function dataSource(json: SynthJson, type: string, prefix = ''): any {
  return resource({ ...json, resource: json.data ?? {} }, type, prefix);
}
