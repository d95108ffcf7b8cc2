/**
 * One measured process for bench/synth.bench.ts. `floor`: load the same modules synth loads (cdktf, the
 * provider classes by deep path, the CLI) and stop. `synth`: load the example and synthesize every stack.
 * Prints `{ ms, maxRssMiB }` as JSON on stdout.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const start = process.hrtime.bigint();
const mode = process.argv[2];

async function main(): Promise<void> {
  // Both modes load the whole stack code (which imports every provider class the renderers use).
  require('../stacks');
  require('../lib/cli/synthesize');
  if (mode === 'synth') {
    const { loadProject } = require('../lib/project') as typeof import('../lib/project');
    const { synthesizeProject } = require('../lib/cli/synthesize') as typeof import('../lib/cli/synthesize');
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'pinstack-bench-synth-'));
    const project = await loadProject({ root: path.resolve(__dirname, '..') });
    synthesizeProject(project, out);
    fs.rmSync(out, { recursive: true, force: true });
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  process.stdout.write(JSON.stringify({ ms, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
}

main().catch((err) => {
  process.stderr.write(String(err));
  process.exit(1);
});
