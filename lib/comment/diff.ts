/**
 * The attribute diff of one resource change as a reviewer may see it.
 *
 * Nothing here prints a value the plan marks sensitive (`before_sensitive` / `after_sensitive`, on either side),
 * a value under a secret-looking name (`looksSecretName`: attribute keys, JSON keys, `{name, value}` entries such
 * as container environment variables), or URL credentials; JSON-encoded attributes (ECS `container_definitions`,
 * IAM policies) are parsed and diffed by path, with named list entries keyed by name
 * (`container_definitions[web].image`, `container_definitions[web].environment[LOG_LEVEL]`).
 * Works the same on a raw `terraform show -json` and on one that went through `redactPlanJson`.
 */
import { looksSecretName, REDACTED, SENSITIVE, SENSITIVE_CHANGED } from '../plan/redact';
import { anyMarked, type AttributePath, type ResourceChange } from '../tfjson/plan';
import { UNKNOWN_PLACEHOLDER } from '../tfjson/risk';
import { cut } from './markdown';

/** A path segment for display: an attribute or key, a list index, or a list entry by its `name`. */
export type Segment = string | number | { readonly name: string };

export interface DiffRow {
  /** `storage_encrypted`, `tags_all.Name`, `container_definitions[web].environment[LOG_LEVEL]`. */
  readonly path: string;
  /** The top-level attribute the row belongs to. */
  readonly attribute: string;
  /** As shown: absent when the attribute is not set on that side. */
  readonly before?: string;
  readonly after?: string;
  /** Under a `replace_paths` entry: this change forces the replacement. */
  readonly forces: boolean;
}

export interface AttributeDiff {
  readonly rows: readonly DiffRow[];
  /** Computed attributes that become known only after apply (collapsed on creates and replaces). */
  readonly unknown: readonly string[];
}

export interface DiffOptions {
  /** Values are cut to this many characters. @default 100 */
  readonly width?: number;
  /** Applied to every shown value before it is cut (e.g. scrubbing known secret values). @default identity */
  readonly scrub?: (text: string) => string;
}

const REDACTED_CHANGED = '(redacted, changed)';
const PLACEHOLDERS = new Set([SENSITIVE, SENSITIVE_CHANGED, REDACTED, REDACTED_CHANGED, UNKNOWN_PLACEHOLDER]);
/** What names a deleted object (shown for deletes instead of every attribute). */
const IDENTITY_ATTRIBUTES = ['identifier', 'cluster_identifier', 'replication_group_id', 'cluster_id', 'bucket', 'name', 'family', 'engine', 'engine_version'];

/** `a.b[0].c`, `tags["kubernetes.io/name"]`, `container_definitions[web].image`. */
export function formatSegments(segments: readonly Segment[]): string {
  return segments
    .map((s, i) => {
      if (typeof s === 'number') return `[${s}]`;
      if (typeof s === 'object') return /^[A-Za-z0-9_.:/@+-]+$/.test(s.name) ? `[${s.name}]` : `[${JSON.stringify(s.name)}]`;
      if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(s)) return `[${JSON.stringify(s)}]`;
      return i === 0 ? s : `.${s}`;
    })
    .join('');
}

/** Masks the password of `scheme://user:password@host` (anything that looks like URL credentials). */
export function maskUrlCredentials(s: string): string {
  return s.replace(/([a-z][a-z0-9+.-]*:\/\/)([^\s/:@"'`]*):([^\s/@"'`]+)@/gi, '$1$2:***@');
}

export function attributeDiff(change: ResourceChange, options: DiffOptions = {}): AttributeDiff {
  const walker = new Walker(change, options);
  walker.run();
  return { rows: [...walker.rows.filter((r) => r.forces), ...walker.rows.filter((r) => !r.forces)], unknown: walker.unknown };
}

type Mirror = unknown;

class Walker {
  readonly rows: DiffRow[] = [];
  readonly unknown: string[] = [];
  private readonly width: number;
  private readonly scrub: (s: string) => string;
  private readonly collapseUnknown: boolean;

  constructor(
    private readonly change: ResourceChange,
    options: DiffOptions,
  ) {
    this.width = options.width ?? 100;
    this.scrub = options.scrub ?? ((s) => s);
    this.collapseUnknown = change.kind === 'create' || change.kind === 'replace';
  }

  run(): void {
    const c = this.change;
    if (c.kind === 'no-op' || c.kind === 'read') return;
    if (c.kind === 'delete') {
      const before = isRecord(c.before) ? c.before : {};
      for (const attribute of IDENTITY_ATTRIBUTES) {
        if (!(attribute in before) || before[attribute] === null || before[attribute] === '') continue;
        const bs = child(c.beforeSensitive, attribute);
        if (bs === true || looksSecretName(attribute)) this.push([attribute], [attribute], SENSITIVE, undefined);
        else if (isScalar(before[attribute])) this.push([attribute], [attribute], this.show(before[attribute], false), undefined);
      }
      return;
    }
    const before = c.kind === 'create' ? null : c.before;
    this.walk([], [], before, c.after, c.kind === 'create' ? undefined : c.beforeSensitive, c.afterSensitive, c.afterUnknown, false);
  }

  private forces(tfPath: AttributePath): boolean {
    return this.change.replacePaths.some((p) => {
      const n = Math.min(p.length, tfPath.length);
      for (let i = 0; i < n; i++) if (p[i] !== tfPath[i]) return false;
      return true;
    });
  }

  private push(tfPath: AttributePath, display: readonly Segment[], before: string | undefined, after: string | undefined): void {
    if (before === undefined && after === undefined) return;
    const first = display[0];
    this.rows.push({
      path: cut(formatSegments(display), 120),
      attribute: typeof first === 'string' ? first : formatSegments(display),
      ...(before !== undefined ? { before } : {}),
      ...(after !== undefined ? { after } : {}),
      forces: this.forces(tfPath),
    });
  }

  /** A scalar as shown: JSON, placeholders bare, URL credentials masked, scrubbed, cut. */
  private show(value: unknown, secret: boolean): string {
    if (secret && typeof value !== 'boolean') return REDACTED;
    if (typeof value === 'string' && PLACEHOLDERS.has(value)) return value;
    // JSON-encoded text is diffed by path; shown whole it could carry secret-named values.
    const parsed = parseJson(value);
    if (parsed !== undefined) return `JSON ${this.summary(parsed, false) ?? (Array.isArray(parsed) ? '[]' : '{}')}`;
    const json = value === undefined ? 'null' : JSON.stringify(value);
    return cut(this.scrub(maskUrlCredentials(json)), this.width);
  }

  /** A value that is replaced wholesale, without printing what is inside it. */
  private summary(value: unknown, secret: boolean): string | undefined {
    if (value === null || value === undefined) return undefined;
    if (Array.isArray(value)) return value.length === 0 ? undefined : `[${value.length} item${value.length === 1 ? '' : 's'}]`;
    if (typeof value === 'object') return Object.keys(value).length === 0 ? undefined : `{${Object.keys(value).length} key${Object.keys(value).length === 1 ? '' : 's'}}`;
    return this.show(value, secret);
  }

  private walk(tfPath: AttributePath, display: Segment[], b: unknown, a: unknown, bs: Mirror, as: Mirror, au: Mirror, secret: boolean): void {
    const bNull = b === null || b === undefined;
    const aNull = a === null || a === undefined;
    const unknownAfter = au === true;

    // Sensitive on either side: never the value, only whether it changes.
    if (bs === true || as === true) {
      if (bNull && aNull && !unknownAfter) return;
      const changed = unknownAfter || bNull !== aNull || a === SENSITIVE_CHANGED || (!PLACEHOLDERS.has(a as string) && JSON.stringify(b) !== JSON.stringify(a));
      if (!changed) return;
      this.push(tfPath, display, bNull ? undefined : SENSITIVE, aNull && !unknownAfter ? undefined : bNull ? SENSITIVE : SENSITIVE_CHANGED);
      return;
    }
    if (unknownAfter) {
      if (this.collapseUnknown && !this.forces(tfPath)) {
        this.unknown.push(formatSegments(display));
        return;
      }
      this.push(tfPath, display, this.summary(b, secret), UNKNOWN_PLACEHOLDER);
      return;
    }
    const last = display[display.length - 1];
    const secretHere = secret || (typeof last === 'string' && looksSecretName(last));

    if (isContainer(b) || isContainer(a)) {
      if ((bNull || isContainer(b)) && (aNull || isContainer(a)) && (bNull || aNull || Array.isArray(b) === Array.isArray(a))) {
        if (JSON.stringify(b) === JSON.stringify(a) && !anyMarked(au)) return;
        const arrays = Array.isArray(b) || Array.isArray(a);
        // Unknown values are absent from `after`: their keys come from the after_unknown mirror.
        const mirrorKeys = isContainer(au) ? Object.keys(au).filter((k) => anyMarked((au as Record<string, unknown>)[k])) : [];
        const keys = arrays
          ? Array.from({ length: Math.max((b as unknown[] | null)?.length ?? 0, (a as unknown[] | null)?.length ?? 0, Array.isArray(au) ? au.length : 0) }, (_, i) => i)
          : [...new Set([...Object.keys((b as object | null) ?? {}), ...Object.keys((a as object | null) ?? {}), ...mirrorKeys])].sort();
        for (const k of keys) {
          this.walk([...tfPath, k], [...display, k], child(b, k), child(a, k), child(bs, k), child(as, k), child(au, k), secretHere);
        }
        return;
      }
      // A container on one side, a scalar on the other: replaced wholesale.
      this.push(tfPath, display, this.summary(b, secretHere), this.summary(a, secretHere));
      return;
    }

    if (!secretHere && (isJsonText(b) || isJsonText(a))) {
      const pb = parseJson(b);
      const pa = parseJson(a);
      if (pb !== undefined || pa !== undefined) {
        if (JSON.stringify(pb) === JSON.stringify(pa)) return;
        this.walkJson(tfPath, display, pb ?? null, pa ?? null, false);
        return;
      }
    }
    if (JSON.stringify(b) === JSON.stringify(a)) return;
    if (this.change.kind === 'create' && aNull) return;
    const changedSecret = secretHere && typeof a !== 'boolean' && !bNull && !aNull;
    this.push(tfPath, display, bNull ? undefined : this.show(b, secretHere), aNull ? undefined : changedSecret ? REDACTED_CHANGED : this.show(a, secretHere));
  }

  /** Inside a JSON-encoded attribute: no sensitivity mirrors, names decide what is secret. */
  private walkJson(tfPath: AttributePath, display: Segment[], b: unknown, a: unknown, secret: boolean): void {
    if (JSON.stringify(b) === JSON.stringify(a)) return;
    const last = display[display.length - 1];
    const secretHere = secret || (typeof last === 'string' && looksSecretName(last));
    const bNull = b === null || b === undefined;
    const aNull = a === null || a === undefined;
    if ((isContainer(b) || bNull) && (isContainer(a) || aNull) && (bNull || aNull || Array.isArray(b) === Array.isArray(a))) {
      if (Array.isArray(b) || Array.isArray(a)) {
        const bl = (b as unknown[] | null) ?? [];
        const al = (a as unknown[] | null) ?? [];
        const named = byName(bl) && byName(al);
        if (named) {
          const bm = new Map(bl.map((e) => [(e as { name: string }).name, e as Record<string, unknown>]));
          const am = new Map(al.map((e) => [(e as { name: string }).name, e as Record<string, unknown>]));
          for (const name of [...new Set([...bm.keys(), ...am.keys()])]) {
            const be = bm.get(name);
            const ae = am.get(name);
            const secretEntry = secretHere || looksSecretName(name);
            if (isNameValue(be ?? ae)) {
              // {name, value} (environment variables): the entry is the value.
              const bv = be?.value;
              const av = ae?.value;
              if (JSON.stringify(bv) === JSON.stringify(av) && JSON.stringify(be) === JSON.stringify(ae)) continue;
              this.leaf(tfPath, [...display, { name }], be === undefined ? null : (bv ?? null), ae === undefined ? null : (av ?? null), secretEntry);
              continue;
            }
            const { name: _b, ...bRest } = be ?? {};
            const { name: _a, ...aRest } = ae ?? {};
            this.walkJson(tfPath, [...display, { name }], be === undefined ? null : bRest, ae === undefined ? null : aRest, secretHere);
          }
          return;
        }
        for (let i = 0; i < Math.max(bl.length, al.length); i++) this.walkJson(tfPath, [...display, i], bl[i] ?? null, al[i] ?? null, secretHere);
        return;
      }
      const bo = (b as Record<string, unknown> | null) ?? {};
      const ao = (a as Record<string, unknown> | null) ?? {};
      for (const k of [...new Set([...Object.keys(bo), ...Object.keys(ao)])].sort()) this.walkJson(tfPath, [...display, k], bo[k] ?? null, ao[k] ?? null, secretHere);
      return;
    }
    if (isContainer(b) || isContainer(a)) {
      this.push(tfPath, display, this.summary(b, secretHere), this.summary(a, secretHere));
      return;
    }
    this.leaf(tfPath, display, b, a, secretHere);
  }

  private leaf(tfPath: AttributePath, display: Segment[], b: unknown, a: unknown, secret: boolean): void {
    const bNull = b === null || b === undefined;
    const aNull = a === null || a === undefined;
    if (isContainer(b) || isContainer(a)) {
      this.push(tfPath, display, this.summary(b, secret), this.summary(a, secret));
      return;
    }
    const changedSecret = secret && typeof a !== 'boolean' && !bNull && !aNull;
    this.push(tfPath, display, bNull ? undefined : this.show(b, secret), aNull ? undefined : changedSecret ? REDACTED_CHANGED : this.show(a, secret));
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function isContainer(v: unknown): v is object {
  return v !== null && typeof v === 'object';
}

function isScalar(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

function child(node: unknown, key: string | number): unknown {
  if (node === null || typeof node !== 'object') return undefined;
  return (node as Record<string | number, unknown>)[key as never];
}


function isJsonText(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  const t = v.trimStart();
  return t.startsWith('{') || t.startsWith('[');
}

function parseJson(v: unknown): unknown {
  if (!isJsonText(v)) return undefined;
  try {
    const parsed = JSON.parse(v) as unknown;
    return isContainer(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function byName(list: readonly unknown[]): boolean {
  if (list.length === 0) return true;
  const names = list.map((e) => (isRecord(e) && typeof e.name === 'string' ? e.name : undefined));
  return names.every((n) => n !== undefined) && new Set(names).size === names.length;
}

function isNameValue(e: Record<string, unknown> | undefined): boolean {
  return e !== undefined && 'value' in e && Object.keys(e).every((k) => k === 'name' || k === 'value');
}
