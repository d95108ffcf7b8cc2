/**
 * HCL tfvars content (e.g. the plaintext of a sops binary `*.enc.tfvars`), parsed with the real Go HCL
 * parser compiled to wasm (`@cdktf/hcl2json`).
 */
import { parse } from '@cdktf/hcl2json';
import { SopsFormatError } from './errors';

/** Parses tfvars text into its variables. Throws a `SopsFormatError` naming the file on bad HCL. */
export async function parseTfvars(content: string, filename = 'terraform.tfvars'): Promise<Record<string, unknown>> {
  let out: unknown;
  try {
    out = await parse(filename, content);
  } catch (e) {
    const msg = (e as Error).message ?? String(e);
    throw new SopsFormatError(`invalid HCL tfvars content: ${msg.replace(/^parse config: /, '')}`, { file: filename });
  }
  if (!out || typeof out !== 'object' || Array.isArray(out)) {
    throw new SopsFormatError('tfvars content did not parse to a set of variables', { file: filename });
  }
  return out as Record<string, unknown>;
}
