import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTerraform, terraformEnv } from '../../../lib/terraform';
import { cachedDir, writeFileAtomic } from './cache';
import type { ResourceSchema, ResourceSchemas, SchemaAttribute, SchemaBlock } from './state';

type Json = Record<string, any>;

function reduceAttribute(a: Json): SchemaAttribute {
  return {
    ...(a.type !== undefined ? { type: a.type } : {}),
    ...(a.nested_type ? { nested_type: { nesting_mode: a.nested_type.nesting_mode, attributes: mapValues(a.nested_type.attributes ?? {}, reduceAttribute) } } : {}),
    ...(a.sensitive ? { sensitive: true } : {}),
    ...(a.computed ? { computed: true } : {}),
    ...(a.optional ? { optional: true } : {}),
    ...(a.required ? { required: true } : {}),
  };
}

function reduceBlock(b: Json): SchemaBlock {
  return {
    attributes: mapValues(b.attributes ?? {}, reduceAttribute),
    block_types: mapValues(b.block_types ?? {}, (t: Json) => ({ nesting_mode: t.nesting_mode, block: reduceBlock(t.block ?? {}) })),
  };
}

function mapValues<T>(o: Json, f: (v: any) => T): Record<string, T> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));
}

const memo = new Map<string, ResourceSchemas>();

/**
 * The resource schemas (version, attribute types, sensitivity; no descriptions) of every provider an
 * initialised stack uses, from `terraform providers schema -json` (offline after init). Cached on disk under
 * `root`, keyed by the stack's dependency lock file, because the full output is 13 MB and takes seconds.
 */
export async function resourceSchemas(stackDir: string, root: string): Promise<ResourceSchemas> {
  const lock = readFileSync(join(stackDir, '.terraform.lock.hcl'), 'utf8');
  const key = `schema-${createHash('sha256').update(lock).digest('hex').slice(0, 16)}`;
  const cached = memo.get(key);
  if (cached) return cached;
  const dir = await cachedDir(root, key, async (tmp) => {
    const { stdout } = await runTerraform(['providers', 'schema', '-json'], { cwd: stackDir, env: terraformEnv() });
    const full = JSON.parse(stdout) as Json;
    const out: Record<string, ResourceSchema> = {};
    for (const provider of Object.values((full.provider_schemas ?? {}) as Json)) {
      for (const [type, s] of Object.entries((provider.resource_schemas ?? {}) as Json)) out[type] = { version: s.version ?? 0, block: reduceBlock(s.block ?? {}) };
    }
    writeFileAtomic(join(tmp, 'resource-schemas.json'), JSON.stringify(out));
  });
  const schemas = JSON.parse(readFileSync(join(dir, 'resource-schemas.json'), 'utf8')) as ResourceSchemas;
  memo.set(key, schemas);
  return schemas;
}
