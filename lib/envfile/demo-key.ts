/**
 * The public demo key of the pinstack example. `keys/pinstack-demo.agekey` is committed on purpose so
 * the example environment files decrypt with no setup; it is public, so anything encrypted to
 * {@link DEMO_RECIPIENT} is readable by anyone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseIdentityFile, type IdentityFallback } from '../sops';

export const DEMO_KEY_PATH = path.resolve(__dirname, '..', '..', 'keys', 'pinstack-demo.agekey');
export const DEMO_RECIPIENT = 'age1x8dku69273knw9es5aktfe59msvaqtmgvadecw4hkyex8v0q4v3qjftgp6';

/**
 * Last-resort identity source for the SOPS identity discovery: returns the demo identity only when
 * the file is encrypted to the demo recipient, with a warning to print.
 */
export const demoKeyFallback: IdentityFallback = (recipients, file) => {
  if (!recipients.includes(DEMO_RECIPIENT)) return undefined;
  let text: string;
  try {
    text = fs.readFileSync(DEMO_KEY_PATH, 'utf8');
  } catch {
    return undefined;
  }
  const rel = path.relative(process.cwd(), DEMO_KEY_PATH);
  const shown = rel && !rel.startsWith('..') ? rel : DEMO_KEY_PATH;
  return {
    identities: parseIdentityFile(text, DEMO_KEY_PATH).identities,
    source: DEMO_KEY_PATH,
    warning:
      `${file ? `${file}: ` : ''}decrypted with the public demo key (${shown}); anyone can read this file. ` +
      'Never put real secrets in it: re-encrypt real environments to your own age key.',
  };
};

/**
 * The warning for a production environment whose file is encrypted to the public demo key (none otherwise):
 * anyone can read it, and `pinstack keys` shows how to move to real keys.
 */
export function demoRecipientWarning(env: { name: string; tier: string; file: string }, recipients: readonly string[]): string[] {
  if (env.tier !== 'production' || !recipients.includes(DEMO_RECIPIENT)) return [];
  return [
    `environment ${env.name} is production but ${env.file} is encrypted to the public demo key ${DEMO_RECIPIENT}: ` +
      'anyone can read it. Run `pinstack keys` to see how to move to your own key.',
  ];
}
