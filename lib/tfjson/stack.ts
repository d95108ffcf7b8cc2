import * as path from 'node:path';

/**
 * A read-only view of a synthesized `cdk.tf.json` (no cdktf import: it reads the JSON, so it works for
 * cdktf 0.21, CDK Terrain and hand-written Terraform JSON alike).
 */
export interface TfResource {
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  /** `type.name` (managed) or `data.type.name`. */
  readonly address: string;
  /** The resource's arguments (without the `//` metadata). */
  readonly values: Readonly<Record<string, unknown>>;
  /** cdktf construct path, from the `//` metadata. */
  readonly constructPath?: string;
  /** Where in the project's TypeScript the resource was created (first project frame of the stack trace). */
  readonly source?: { readonly file: string; readonly line: number };
}

export interface StackView {
  readonly name: string;
  readonly resources: readonly TfResource[];
  readonly variables: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly raw: Readonly<Record<string, unknown>>;
  ofType(type: string): readonly TfResource[];
  byAddress(address: string): TfResource | undefined;
  /** The resource a `${type.name.attr}` expression points to (the whole value must be one reference). */
  referenced(value: unknown): { resource: TfResource; attribute: string } | undefined;
}

type Json = Record<string, unknown>;

const REF = /^\$\{(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)((?:\.|\[)[^}]*)?\}$/;

export function stackView(name: string, json: Json, projectRoot?: string): StackView {
  const resources: TfResource[] = [];
  for (const [mode, section] of [['managed', json.resource], ['data', json.data]] as const) {
    if (!isObject(section)) continue;
    for (const [type, byName] of Object.entries(section)) {
      if (!isObject(byName)) continue;
      for (const [resourceName, body] of Object.entries(byName)) {
        if (!isObject(body)) continue;
        const { '//': meta, ...values } = body;
        const metadata = isObject(meta) && isObject(meta.metadata) ? meta.metadata : undefined;
        const constructPath = typeof metadata?.path === 'string' ? metadata.path : undefined;
        const source = Array.isArray(metadata?.stackTrace) ? sourceOf(metadata.stackTrace as unknown[], projectRoot) : undefined;
        resources.push({
          mode,
          type,
          name: resourceName,
          address: mode === 'data' ? `data.${type}.${resourceName}` : `${type}.${resourceName}`,
          values,
          ...(constructPath ? { constructPath } : {}),
          ...(source ? { source } : {}),
        });
      }
    }
  }
  const byAddress = new Map(resources.map((r) => [r.address, r]));
  const byType = new Map<string, TfResource[]>();
  for (const r of resources) {
    const list = byType.get(r.type);
    if (list) list.push(r);
    else byType.set(r.type, [r]);
  }
  const variables = isObject(json.variable) ? (json.variable as Record<string, Record<string, unknown>>) : {};
  return {
    name,
    resources,
    variables,
    raw: json,
    ofType: (type) => byType.get(type) ?? [],
    byAddress: (address) => byAddress.get(address),
    referenced(value) {
      if (typeof value !== 'string') return undefined;
      const m = REF.exec(value);
      if (!m) return undefined;
      const address = `${m[1] ? 'data.' : ''}${m[2]}.${m[3]}`;
      const resource = byAddress.get(address);
      return resource ? { resource, attribute: (m[4] ?? '').replace(/^\./, '') } : undefined;
    },
  };
}

/** The first stack frame inside the project (not node_modules), relative to the project root. */
function sourceOf(stackTrace: unknown[], projectRoot = process.cwd()): { file: string; line: number } | undefined {
  for (const frame of stackTrace) {
    if (typeof frame !== 'string' || frame.includes('node_modules')) continue;
    const m = /\(?((?:\/|[A-Za-z]:\\)[^():]+\.ts):(\d+):\d+\)?/.exec(frame);
    if (!m) continue;
    const file = path.relative(projectRoot, m[1]!);
    if (file.startsWith('..')) continue;
    return { file: file.split(path.sep).join('/'), line: Number(m[2]) };
  }
  return undefined;
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
