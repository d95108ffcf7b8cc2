import { execFile } from 'node:child_process';
import * as path from 'node:path';

/**
 * The text of `file` (relative to `cwd`) at git revision `ref` (`git show <ref>:./<file>`), in the git
 * repository that holds `cwd`. Throws with git's own message when the ref or the file does not exist there.
 */
export function fileAtRef(cwd: string, ref: string, file: string): Promise<string> {
  if (ref.trim() === '' || ref.startsWith('-') || /\s/.test(ref)) return Promise.reject(new Error(`invalid git ref ${JSON.stringify(ref)}`));
  const rel = path.relative(cwd, path.resolve(cwd, file)).split(path.sep).join('/');
  return new Promise((resolve, reject) => {
    execFile('git', ['show', `${ref}:./${rel}`], { cwd, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'ENOENT') return reject(new Error('git is not installed (needed to read the pins at an earlier revision)'));
      const reason = stderr.trim().split('\n')[0] || e.message;
      reject(new Error(`cannot read ${rel} at ${ref}: ${reason}`));
    });
  });
}
