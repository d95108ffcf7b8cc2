/**
 * Format dispatch (sops `cmd/sops/formats`): .yaml/.yml -> YAML, .json -> JSON, .env -> dotenv,
 * .ini -> INI, anything else -> binary. Parsing keeps a `layout` so an unchanged document re-emits
 * byte for byte.
 */
import path from 'node:path';
import { SopsFormatError } from '../errors';
import { splitMetadata } from '../metadata';
import type { MapNode, SopsTree } from '../tree';
import { binaryContent, binaryTree } from './binary';
import { dotenvMetadataNode, emitDotenv, parseDotenv } from './dotenv';
import { emitIni, parseIni } from './ini';
import { DEFAULT_JSON_LAYOUT, detectJsonLayout, emitJson, parseJson, type JsonLayout } from './json';
import { DEFAULT_YAML_LAYOUT, detectYamlLayout, emitYaml, parseYaml, type YamlLayout } from './yaml';

export type SopsFormat = 'yaml' | 'json' | 'dotenv' | 'ini' | 'binary';
export const SOPS_FORMATS: readonly SopsFormat[] = ['yaml', 'json', 'dotenv', 'ini', 'binary'];

export interface Layout {
  yaml?: YamlLayout;
  json?: JsonLayout;
  /** INI: order of the flattened metadata keys as read. */
  iniMetadataOrder?: string[];
}

/** An encrypted file as parsed: data (still encrypted), the raw `sops` node, and its layout. */
export interface EncryptedDocument {
  format: SopsFormat;
  tree: SopsTree;
  metadataNode: MapNode;
  layout: Layout;
}

export function formatFromPath(p: string): SopsFormat {
  const ext = path.extname(p).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  if (ext === '.json') return 'json';
  if (ext === '.env') return 'dotenv';
  if (ext === '.ini') return 'ini';
  return 'binary';
}

function noMetadata(file?: string): never {
  throw new SopsFormatError('no sops metadata found (a top-level "sops" key): the file is not encrypted with sops', { file });
}

export function parseEncrypted(text: string, format: SopsFormat, file?: string): EncryptedDocument {
  switch (format) {
    case 'yaml': {
      const docs = parseYaml(text, file);
      let metadataNode: MapNode | undefined;
      const branches = docs.map((d) => {
        const { data, metadata } = splitMetadata(d);
        if (!metadataNode && metadata) {
          if (metadata.t !== 'map') throw new SopsFormatError('the "sops" key must hold a map', { file });
          metadataNode = metadata;
        }
        return data;
      });
      if (!metadataNode) noMetadata(file);
      return { format, tree: { branches }, metadataNode, layout: { yaml: detectYamlLayout(text) } };
    }
    case 'json':
    case 'binary': {
      const { data, metadata } = splitMetadata(parseJson(text, file));
      if (!metadata) noMetadata(file);
      if (metadata.t !== 'map') throw new SopsFormatError('the "sops" key must hold an object', { file });
      if (format === 'binary') binaryContent(data, file);
      return { format, tree: { branches: [data] }, metadataNode: metadata, layout: { json: detectJsonLayout(text) } };
    }
    case 'dotenv': {
      const { data, metadata } = parseDotenv(text, file);
      if (metadata.length === 0) noMetadata(file);
      return { format, tree: { branches: [data] }, metadataNode: dotenvMetadataNode(metadata), layout: {} };
    }
    case 'ini': {
      const { data, metadata } = parseIni(text, file);
      if (!metadata) noMetadata(file);
      return {
        format,
        tree: { branches: [data] },
        metadataNode: dotenvMetadataNode(metadata),
        layout: { iniMetadataOrder: metadata.map(([k]) => k) },
      };
    }
  }
}

function withMetadata(b: MapNode, md: MapNode): MapNode {
  return { t: 'map', items: [...b.items, { key: 'sops', value: md }] };
}

export function emitEncrypted(doc: EncryptedDocument, file?: string): string {
  const b = doc.tree.branches;
  switch (doc.format) {
    case 'yaml':
      return emitYaml(b.map((x) => withMetadata(x, doc.metadataNode)), doc.layout.yaml ?? DEFAULT_YAML_LAYOUT);
    case 'json':
    case 'binary':
      return emitJson(withMetadata(one(b, file), doc.metadataNode), doc.layout.json ?? DEFAULT_JSON_LAYOUT, file);
    case 'dotenv':
      return emitDotenv(one(b, file), doc.metadataNode, file);
    case 'ini':
      return emitIni(one(b, file), doc.metadataNode, doc.layout.iniMetadataOrder, file);
  }
}

function one(b: MapNode[], file?: string): MapNode {
  if (b.length !== 1) throw new SopsFormatError(`only YAML supports several documents (got ${b.length})`, { file });
  return b[0]!;
}

/** Parses a plaintext document of the given format. Binary: the whole text under `data`. */
export function parsePlain(text: string, format: SopsFormat, file?: string): SopsTree {
  switch (format) {
    case 'yaml':
      return { branches: parseYaml(text, file) };
    case 'json':
      return { branches: [parseJson(text, file)] };
    case 'dotenv': {
      const { data, metadata } = parseDotenv(text, file);
      if (metadata.length) throw new SopsFormatError('a plaintext dotenv file cannot have sops_ keys', { file });
      return { branches: [data] };
    }
    case 'ini':
      return { branches: [parseIni(text, file).data] };
    case 'binary':
      return { branches: [binaryTree(text)] };
  }
}

/** Emits a plaintext (decrypted) document. Binary: the raw content. */
export function emitPlain(tree: SopsTree, format: SopsFormat, layout: Layout = {}, file?: string): string {
  switch (format) {
    case 'yaml':
      return emitYaml(tree.branches, layout.yaml ?? DEFAULT_YAML_LAYOUT);
    case 'json':
      return emitJson(one(tree.branches, file), layout.json ?? DEFAULT_JSON_LAYOUT, file);
    case 'dotenv':
      return emitDotenv(one(tree.branches, file), undefined, file);
    case 'ini':
      return emitIni(one(tree.branches, file), undefined, undefined, file);
    case 'binary':
      return binaryContent(one(tree.branches, file), file);
  }
}
