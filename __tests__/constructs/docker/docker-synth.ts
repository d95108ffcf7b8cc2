import { Testing } from 'cdktf';
import type { DockerEnvironmentModel } from '../../../model';
import { DockerStack } from '../../../stacks/docker-stack';
import { EXAMPLE_SECRETS, exampleModel, loadExample } from '../../helpers/example';

/** Synthesizes the example's dev environment (or a variant) through the real loader, model and stack. */
export async function synthDocker(opts: Parameters<typeof loadExample>[0] = {}) {
  const model = await dockerModel(opts);
  const stack = new DockerStack(Testing.app(), model);
  const json = Testing.synth(stack);
  return { model, stack, json, tf: JSON.parse(json) as Tf };
}

export async function dockerModel(opts: Parameters<typeof loadExample>[0] = {}): Promise<DockerEnvironmentModel> {
  const model = await exampleModel('dev', opts);
  if (model.target.kind !== 'docker') throw new Error(`expected a docker environment, got ${model.target.kind}`);
  return model as DockerEnvironmentModel;
}

export type Tf = { resource: Record<string, Record<string, any>>; provider: Record<string, any[]>; variable: Record<string, any> };

export function resources(tf: Tf, type: string): Record<string, any> {
  return tf.resource[type] ?? {};
}

export function containers(tf: Tf): any[] {
  return Object.values(resources(tf, 'docker_container'));
}

export function container(tf: Tf, name: string): any {
  const found = containers(tf).find((c) => c.name === name);
  if (!found) throw new Error(`no container ${name}; have ${containers(tf).map((c) => c.name).join(', ')}`);
  return found;
}

/** `NAME=value` list -> record. */
export function envOf(c: any): Record<string, string> {
  return Object.fromEntries((c.env as string[]).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
}

/** The `${docker_network.<id>.name}` reference of the stack's only network. */
export function networkRef(tf: Tf): string {
  const ids = Object.keys(resources(tf, 'docker_network'));
  if (ids.length !== 1) throw new Error(`expected one network, got ${ids.length}`);
  return `\${docker_network.${ids[0]}.name}`;
}

/** `${docker_image.<id>.image_id}` of the image resource with this reference. */
export function imageRef(tf: Tf, reference: string): string {
  const entry = Object.entries(resources(tf, 'docker_image')).find(([, img]) => img.name === reference);
  if (!entry) throw new Error(`no docker_image ${reference}`);
  return `\${docker_image.${entry[0]}.image_id}`;
}

/** The provider block's ContainerHealthcheck (camelCase) as it appears in the JSON (snake_case). */
export function asJson(hc: { test: string[]; interval?: string; timeout?: string; retries?: number; startPeriod?: string } | undefined) {
  if (!hc) return undefined;
  return { test: hc.test, interval: hc.interval, timeout: hc.timeout, retries: hc.retries, start_period: hc.startPeriod };
}

export const SECRET_VALUES = Object.values(EXAMPLE_SECRETS);
