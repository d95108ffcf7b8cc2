import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dependenciesOf, recreateConfirmations, recreateTargets } from '../../../lib/plan/recreate';
import { plan, showJson } from '../../../lib/terraform';
import { stackView } from '../../../lib/tfjson/stack';
import { terraformVariablesEnv } from '../../../model';
import { copyStackDir, planScenario } from '../../helpers/plans';
import { TERRAFORM_TEST_TIMEOUT_MS } from '../../helpers/terraform';

jest.setTimeout(TERRAFORM_TEST_TIMEOUT_MS * 2);

describe('recreateTargets on the real prod stack', () => {
  test('keeps the datastores and everything they depend on; destroys the rest', async () => {
    const s = await planScenario('no-op');
    const view = stackView('prod', s.stack);
    const { destroy, keep } = recreateTargets(view, { freshDatabase: false });
    const db = view.ofType('aws_db_instance')[0]!;
    expect(keep).toContain(db.address);
    for (const dep of dependenciesOf(db, view)) expect(keep).toContain(dep.address);
    expect(keep.some((a) => a.startsWith('aws_vpc.'))).toBe(true);
    expect(keep.some((a) => a.startsWith('aws_elasticache_replication_group.'))).toBe(true);
    expect(destroy.some((a) => a.startsWith('aws_ecs_service.'))).toBe(true);
    expect(destroy.some((a) => a.startsWith('aws_lb.'))).toBe(true);
    expect(destroy.filter((a) => keep.includes(a))).toEqual([]);
    expect(recreateTargets(view, { freshDatabase: true }).destroy).toContain(db.address);
  });

  test('a real targeted destroy plan against applied state deletes no stateful resource', async () => {
    const s = await planScenario('no-op');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinstack-recreate-'));
    try {
      const stackDir = copyStackDir(s, dir);
      const { destroy } = recreateTargets(stackView('prod', s.stack), { freshDatabase: false });
      const extraEnv = terraformVariablesEnv([
        { name: 'REDIS_PASSWORD', variable: 'secret_redis_password' },
        { name: 'SESSION_SECRET', variable: 'secret_session_secret' },
      ], s.secrets);
      await plan(stackDir, { out: 'destroy.tfplan', destroy: true, refresh: false, lock: false, targets: destroy, extraEnv });
      const json = await showJson<{ resource_changes: Array<{ type: string; address: string; change: { actions: string[] } }> }>(stackDir, 'destroy.tfplan', { extraEnv });
      const deleted = json.resource_changes.filter((c) => c.change.actions.includes('delete'));
      expect(deleted.length).toBeGreaterThan(20);
      expect(deleted.filter((c) => ['aws_db_instance', 'aws_elasticache_replication_group', 'aws_vpc', 'aws_db_subnet_group'].includes(c.type))).toEqual([]);
      expect(deleted.map((c) => c.address)).toEqual(expect.arrayContaining(destroy.filter((a) => a.startsWith('aws_ecs_service.'))));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('names the typed confirmations', () => {
    expect(recreateConfirmations('prod')).toEqual({ environment: 'RECREATE prod', database: 'DELETE DATABASE prod' });
  });
});
