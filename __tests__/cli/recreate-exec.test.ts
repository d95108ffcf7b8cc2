import { runCli, tempProject } from '../helpers/cli';
import { exampleSpec } from '../helpers/example';

jest.setTimeout(60_000);

describe('pinstack recreate confirmations', () => {
  const p = tempProject(exampleSpec());
  afterAll(() => p.cleanup());

  test.each([
    [['recreate', 'prod'], 'type --confirm "RECREATE prod"'],
    [['recreate', 'prod', '--confirm', 'RECREATE staging'], '(got "RECREATE staging")'],
    [['recreate', 'prod', '--confirm', 'RECREATE prod', '--fresh-database'], 'type --confirm-database "DELETE DATABASE prod"'],
    [['recreate', 'prod', '--confirm', 'RECREATE prod', '--fresh-database', '--confirm-database', 'DELETE DATABASE dev'], '(got "DELETE DATABASE dev")'],
    [['recreate', 'prod', '--confirm', 'RECREATE prod', '--confirm-database', 'DELETE DATABASE prod'], '--confirm-database goes with --fresh-database'],
    [['recreate', 'qa', '--confirm', 'RECREATE qa'], 'unknown environment "qa"'],
  ])('fails when the typed confirmation is wrong: %j', (args, message) => {
    const r = runCli(args, { cwd: p.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});

describe('pinstack exec', () => {
  test("runs a command with exactly the stack's secrets as TF_VAR_*, and passes its exit code through", () => {
    const p = tempProject(exampleSpec());
    try {
      const r = runCli(['exec', 'prod', '--', 'sh', '-c', 'env | grep -o "^TF_VAR_[a-z_]*" | sort; exit 3'], { cwd: p.dir });
      expect(r.code).toBe(3);
      // prod (aws): RDS manages the Postgres password, so only these two reach terraform.
      expect(r.stdout.trim().split('\n')).toEqual(['TF_VAR_secret_redis_password', 'TF_VAR_secret_session_secret']);
    } finally {
      p.cleanup();
    }
  });
});
