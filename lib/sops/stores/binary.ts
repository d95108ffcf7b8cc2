/**
 * Binary store (`json.BinaryStore`): the whole plaintext is one string under the key `data`; the
 * encrypted file is JSON `{"data": "ENC[…]", "sops": {…}}` (AAD `data:`, MAC = SHA-512 of the content).
 * sops uses it for every extension it does not know, e.g. `*.enc.tfvars`.
 */
import { SopsFormatError } from '../errors';
import type { MapNode } from '../tree';
import { get } from '../tree';

export function binaryTree(content: string | Uint8Array): MapNode {
  let text: string;
  if (typeof content === 'string') text = content;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(content);
    } catch {
      throw new SopsFormatError('binary content is not UTF-8 text; only text files are supported');
    }
  }
  return { t: 'map', items: [{ key: 'data', value: { t: 'str', v: text } }] };
}

export function binaryContent(tree: MapNode, file?: string): string {
  const d = get(tree, 'data');
  if (!d || d.t !== 'str') throw new SopsFormatError('binary store: no "data" string in the document', { file });
  return d.v;
}
