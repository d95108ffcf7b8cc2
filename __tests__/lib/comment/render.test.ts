/**
 * renderPlanComment on REAL terraform plans of the example's AWS stack (see __tests__/helpers/plans.ts): what a
 * reviewer sees first, what it never sees (secrets), and how it fits GitHub's 65,536-character limit.
 */
import {
  type CommentStack,
  DETAIL_LEVELS,
  type DetailLevel,
  markdownProblems,
  parseCommentDigests,
  renderPlanComment,
  renderPlanCommentDetailed,
} from '../../../lib/comment';
import { GITHUB_COMMENT_BODY_LIMIT, PLAN_COMMENT_MARKER } from '../../../lib/github';
import { planDigest } from '../../../lib/plan/fingerprint';
import { countChanges, formatCounts } from '../../../lib/plan/summary';
import { planView } from '../../../lib/tfjson/plan';
import { weakenings } from '../../../lib/tfjson/risk';
import { EXAMPLE_SECRETS } from '../../helpers/example';
import { changeAt, EXTERNAL_DATABASE_SECRETS, LARGE_SERVICE_COUNT, renamedDatabaseAddress, SCENARIO_NAMES, UPDATED_WEB_IMAGE } from '../../helpers/plans';
import { blockedStack, scenarioStack, secretForms } from './stacks';

jest.setTimeout(600_000);

const DETAILS_URL = 'https://github.com/acme/app/actions/runs/123456';
const DB = 'aws_db_instance.Postgres_9DC8BB04';
const ALL_SECRETS = { ...EXAMPLE_SECRETS, ...EXTERNAL_DATABASE_SECRETS };

function expectNoSecrets(body: string, secrets: Readonly<Record<string, string>> = ALL_SECRETS): void {
  for (const form of secretForms(secrets)) expect(body).not.toContain(form);
}

function expectValid(body: string): void {
  expect(markdownProblems(body)).toEqual([]);
  expect(body.split('\n')[0]).toBe(PLAN_COMMENT_MARKER);
}

/** The CAUTION alert: its lines from `> [!CAUTION]` to the first line not quoted. */
function cautionOf(body: string): string {
  const lines = body.split('\n');
  const start = lines.indexOf('> [!CAUTION]');
  if (start < 0) return '';
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('>'));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

describe('replace-db: a stateful replacement', () => {
  let stack: CommentStack;
  let body: string;
  beforeAll(async () => {
    ({ stack } = await scenarioStack('replace-db'));
    body = renderPlanComment([stack], { detailsUrl: DETAILS_URL });
  });

  test('the replacement comes before every detail, with what forces it, its values, its construct and the policy verdict', () => {
    const caution = cautionOf(body);
    expect(caution).toContain(DB);
    expect(caution).toContain('`prod/Postgres/Resource`');
    expect(caution).toMatch(/will be \*\*replaced\*\* \(delete, then create\), forced by `storage_encrypted` `false -> true`: data loss possible\. ⛔ blocked by `PLAN-001`/);
    const at = body.indexOf(caution);
    expect(at).toBeGreaterThan(0);
    for (const later of ['### 📦', '### 🛡️ Policy', '### 🔍 Changes', '<details>']) {
      if (body.includes(later)) expect(at).toBeLessThan(body.indexOf(later));
    }
    expect(at).toBeGreaterThan(body.indexOf('| Stack |'));
  });

  test('marker, digests, title and the summary table come first', () => {
    expectValid(body);
    const lines = body.split('\n');
    expect(lines[1]).toBe(`<!-- pinstack:digests ${JSON.stringify({ prod: planDigest(stack.plan!) })} -->`);
    expect(parseCommentDigests(body)).toEqual({ prod: planDigest(stack.plan!) });
    expect(lines[2]).toBe('## ⛔ pinstack plan: blocked by policy · 🔴 data loss possible (1 stack)');
    const counts = formatCounts(countChanges(stack.plan!));
    expect(body).toContain(`| \`prod\` | production | aws | \`${counts}\` | 🔴 data loss possible | ⛔ 1 blocking |`);
  });

  test('the details hold a diff per resource with +/- in column 0, forcing attributes marked, computed ones collapsed', () => {
    const details = body.slice(body.indexOf('<details>'), body.indexOf('</details>'));
    expect(details).toContain('#### ± Replace (3)');
    expect(details).toContain('#### ~ Update (4)');
    expect(details).toContain('```diff\n- storage_encrypted: false\n+ storage_encrypted: true  # forces replacement\n# known after apply: address, arn,');
    // The ECS services pick up the new task definition revision.
    expect(details).toContain('- task_definition: "arn:aws:ecs:eu-west-1:123456789012:task-definition/acme-prod-web:1"\n+ task_definition: (known after apply)');
    // JSON-encoded attributes are never printed raw (they may carry secret-named values).
    expect(details).toMatch(/- container_definitions: JSON \[1 item\]\n\+ container_definitions: \(known after apply\)  # forces replacement/);
    for (const line of details.split('\n').filter((l) => /^[-+] /.test(l))) expect(line).toMatch(/^[-+] \S+: /);
    expect(body).toContain(`[job summary / artifact](${DETAILS_URL})`);
  });

  test('an image that is computed during apply is said so, not shown as removed', () => {
    expect(body).toContain('- `prod` · `web`: `ghcr.io/acme/web:v42-3f9c2ab` -> (known after apply) ❔ computed during apply, cannot be reviewed here');
    expect(body).not.toContain('removed');
  });

  test('policy findings list the blocking one first, with its fix', () => {
    const policy = body.slice(body.indexOf('### 🛡️ Policy'), body.indexOf('### 🔍 Changes'));
    const items = policy.split('\n').filter((l) => l.startsWith('- '));
    expect(items[0]).toMatch(/^- ⛔ `PLAN-001` `prod\/Postgres\/Resource`: prod: aws_db_instance\.Postgres_9DC8BB04 \(aws_db_instance, stateful\) would be replaced/);
    expect(policy).toMatch(/ {2}- Fix: Find what forces the change/);
  });
});

describe('scenarios', () => {
  test('delete-db: the deleted database is a data-loss risk', async () => {
    const { stack } = await scenarioStack('delete-db');
    const body = renderPlanComment([stack]);
    expectValid(body);
    expect(cautionOf(body)).toMatch(
      new RegExp(`\`${DB.replace(/\./g, '\\.')}\` will be \\*\\*deleted\\*\\* \\(its address is no longer in the configuration .*\\): data loss possible\\. ⛔ blocked by \`PLAN-001\``),
    );
    expect(body).toContain('🔴 data loss possible');
    expect(body).toContain('#### − Delete (');
    // The new secret holding the external database URL is sensitive: created, never shown.
    expect(body).toContain('+ secret_string: (sensitive)');
    expectNoSecrets(body, EXTERNAL_DATABASE_SECRETS);
  });

  test('weaken: every weakened protection is listed in the risk section', async () => {
    const { stack } = await scenarioStack('weaken');
    const body = renderPlanComment([stack]);
    expectValid(body);
    const caution = cautionOf(body);
    const expected = stack.plan!.changes.flatMap((c) => weakenings(c).map((w) => ({ c, w })));
    expect(expected.length).toBeGreaterThanOrEqual(7);
    for (const { c, w } of expected) {
      const line = caution.split('\n').find((l) => l.includes(`\`${c.address}\``))!;
      expect(line).toContain(`${w.what} (\`${w.attribute}\` \`${w.before} -> ${w.after}\`)`);
      expect(line).toContain('is weakened in place');
    }
    expect(caution).toContain('deletion protection turned off (`deletion_protection` `true -> false`)');
    expect(caution).toContain('backup retention shortened (`backup_retention_period` `14 -> 1`)');
    expect(body).toContain('| 🟡 updates |');
  });

  test('rename: the delete and create of the same database are called out as address churn', async () => {
    const { stack } = await scenarioStack('rename');
    const body = renderPlanComment([stack]);
    expectValid(body);
    const old = renamedDatabaseAddress();
    const caution = cautionOf(body);
    expect(caution).toContain(`\`${old}\` will be **deleted**`);
    expect(caution).toContain(
      `address churn: \`prod/Postgres/Resource\` (\`${DB}\`) is created while \`${old}\` is deleted with the same \`identifier\` \`acme-prod-postgres\`: a renamed construct? Keep the object with a \`moved\` block from \`${old}\` to \`${DB}\``,
    );
  });

  test('update-image: web rolls forward v42 -> v43, and back when the new pin is in the history', async () => {
    const forward = renderPlanComment([(await scenarioStack('update-image')).stack]);
    expectValid(forward);
    expect(forward).toContain(`- \`prod\` · \`web\`: \`ghcr.io/acme/web:v42-3f9c2ab\` -> \`${UPDATED_WEB_IMAGE}\` ⬆️ roll forward`);
    expect(forward).toContain(`- container_definitions[web].image: "ghcr.io/acme/web:v42-3f9c2ab"\n+ container_definitions[web].image: "${UPDATED_WEB_IMAGE}"  # forces replacement`);
    expect(forward).toContain('| 🟠 disruptive | ✅ passed |');

    const back = renderPlanComment([(await scenarioStack('update-image', { history: { web: [UPDATED_WEB_IMAGE, 'ghcr.io/acme/web:v41-8d2e0f1'] } })).stack]);
    expect(back).toContain(`- \`prod\` · \`web\`: \`ghcr.io/acme/web:v42-3f9c2ab\` -> \`${UPDATED_WEB_IMAGE}\` ⬇️ roll back`);
    expect(back).not.toContain('⬆️');

    const unknownHistory = renderPlanComment([(await scenarioStack('update-image', { history: {} })).stack]);
    expect(unknownHistory).toContain(`-> \`${UPDATED_WEB_IMAGE}\` 🔁 changed (no pin history to compare)`);
  });

  test('create: creates only, sensitive values shown as (sensitive), computed ones collapsed', async () => {
    const { stack } = await scenarioStack('create');
    const body = renderPlanComment([stack]);
    expectValid(body);
    expect(body).toContain(`| \`${formatCounts(countChanges(stack.plan!))}\` | 🟢 creates only |`);
    expect(body).toContain('#### + Create (66)');
    expect(body).toContain('+ auth_token: (sensitive)');
    expect(body).toContain('+ storage_encrypted: true\n');
    expect(body).not.toContain('[!CAUTION]');
    expect(body.split('\n')[2]).toBe('## ✅ pinstack plan: planned (1 stack)');
  });

  test('no-op: no changes, no details, no risk', async () => {
    const { stack } = await scenarioStack('no-op');
    const body = renderPlanComment([stack]);
    expectValid(body);
    expect(body).toContain('| `+0 ~0 -0 ±0` | 🟢 no changes | ✅ passed |');
    expect(body).toContain('**`prod`**: no changes.');
    expect(body).not.toContain('<details>');
    expect(body).not.toContain('[!CAUTION]');
    expect(body).not.toContain('```');
  });
});

describe('secrets', () => {
  const scenarios = SCENARIO_NAMES.filter((n) => (['create', 'no-op', 'update-image', 'replace-db', 'delete-db', 'weaken', 'rename', 'large'] as string[]).includes(n));

  test.each(scenarios)('%s: no secret value in the comment, from the redacted plan or straight from the raw one', async (name) => {
    for (const raw of [false, true]) {
      const { stack, scenario } = await scenarioStack(name, { raw });
      // The raw plan holds the secrets (sensitive values): the renderer alone must keep them out.
      if (raw) {
        const text = JSON.stringify(scenario.plan);
        expect(secretForms(scenario.secrets).filter((f) => text.includes(f)).length).toBeGreaterThan(0);
      }
      for (const level of DETAIL_LEVELS) {
        const body = renderPlanComment([stack], { detail: level, budget: 2_000_000 });
        expectNoSecrets(body, scenario.secrets);
        expectValid(body);
      }
    }
  });

  test('a changed sensitive value shows that it changed, never its values', async () => {
    const NEW_SECRET = 'test-rotated-session-secret-77aa01';
    const address = 'aws_secretsmanager_secret_version.SecretsManager_SessionSecret_Version_A98E56D4';
    const mutate = (plan: Record<string, any>) => {
      const rc = changeAt(plan, address);
      expect(rc.change.before.secret_string).toBe(EXAMPLE_SECRETS.SESSION_SECRET);
      rc.change.actions = ['update'];
      rc.change.after.secret_string = NEW_SECRET;
    };
    for (const raw of [false, true]) {
      const { stack } = await scenarioStack('no-op', { raw, mutate });
      const body = renderPlanComment([stack]);
      expect(body).toContain('```diff\n- secret_string: (sensitive)\n+ secret_string: (sensitive, changed)\n```');
      expectNoSecrets(body, { ...EXAMPLE_SECRETS, NEW_SECRET });
    }
  });

  test('secret-named values inside JSON-encoded attributes and URL credentials are redacted', async () => {
    const address = 'aws_ecs_task_definition.ServiceWeb_TaskDefinition_66406DF3';
    const PASSWORD = 'test-inline-password-0c9d8e7f';
    const mutate = (plan: Record<string, any>) => {
      const rc = changeAt(plan, address);
      const defs = JSON.parse(rc.change.after.container_definitions);
      defs[0].environment.push({ name: 'DB_PASSWORD', value: PASSWORD }, { name: 'CACHE_URL', value: `redis://cache:${PASSWORD}@cache.internal:6379` }, { name: 'FEATURE_FLAG', value: 'on' });
      rc.change.after.container_definitions = JSON.stringify(defs);
    };
    for (const raw of [false, true]) {
      const { stack } = await scenarioStack('update-image', { raw, mutate });
      const body = renderPlanComment([stack]);
      expect(body).toContain('+ container_definitions[web].environment[DB_PASSWORD]: (redacted)');
      expect(body).toContain('+ container_definitions[web].environment[FEATURE_FLAG]: "on"');
      expect(body).toMatch(/\+ container_definitions\[web\]\.environment\[CACHE_URL\]: "redis:\/\/cache:\*\*\*@cache\.internal:6379"|\+ container_definitions\[web\]\.environment\[CACHE_URL\]: \(redacted\)/);
      expect(body).not.toContain(PASSWORD);
    }
  });

  test('known secret values are scrubbed wherever they appear (an error message, a finding)', () => {
    const leaky: CommentStack = {
      environment: 'prod',
      tier: 'production',
      target: 'aws',
      status: 'error',
      findings: [],
      error: `Error: creating ElastiCache Replication Group: auth token ${EXAMPLE_SECRETS.REDIS_PASSWORD} is invalid\nurl ${encodeURIComponent(`x${EXAMPLE_SECRETS.SESSION_SECRET}`)}`,
    };
    const body = renderPlanComment([leaky], { knownSecrets: Object.values(EXAMPLE_SECRETS) });
    expectValid(body);
    expect(body).toContain('auth token (redacted) is invalid');
    expect(body).toContain('| `prod` | production | aws | ❌ terraform failed |');
    expect(body.split('\n')[2]).toBe('## ❌ pinstack plan: terraform failed (1 stack)');
    expectNoSecrets(body, EXAMPLE_SECRETS);
  });
});

describe('size', () => {
  test(`large (~2,000 resources): under ${GITHUB_COMMENT_BODY_LIMIT} characters, counts stated, degraded with a note, nothing leaked, valid`, async () => {
    const { stack, scenario } = await scenarioStack('large');
    expect(scenario.plan.resource_changes.length).toBeGreaterThan(2000);
    const r = renderPlanCommentDetailed([stack], { detailsUrl: DETAILS_URL });
    expect(r.body.length).toBeLessThanOrEqual(60_000);
    expect(Array.from(r.body).length).toBeLessThan(GITHUB_COMMENT_BODY_LIMIT);
    const counts = countChanges(stack.plan!);
    expect(counts.add).toBeGreaterThan(LARGE_SERVICE_COUNT * 16);
    expect(r.body).toContain(`\`${formatCounts(counts)}\` · ${counts.add} resources`);
    expect(r.levels).toEqual({ prod: 'counts' });
    expect(r.shortened).toBe(true);
    expect(r.body).toContain(`✂️ Shortened to fit GitHub's 65,536-character comment limit: \`prod\` (counts only). See the [full plan](${DETAILS_URL}).`);
    expect(r.body).toMatch(/\(create: \d+ × `aws_vpc_security_group_ingress_rule`/);
    expectNoSecrets(r.body, scenario.secrets);
    expectValid(r.body);
    // The job summary (1 MiB) gets the full detail.
    const full = renderPlanCommentDetailed([stack], { budget: 2_000_000 });
    expect(full.levels).toEqual({ prod: 'full' });
    expect(full.body.length).toBeGreaterThan(500_000);
    expectValid(full.body);
  });

  describe('each degradation level, forced by the budget', () => {
    let stack: CommentStack;
    const sizes = {} as Record<DetailLevel, number>;
    beforeAll(async () => {
      ({ stack } = await scenarioStack('replace-db'));
      for (const level of DETAIL_LEVELS) sizes[level] = renderPlanCommentDetailed([stack], { detail: level, budget: 1_000_000, detailsUrl: DETAILS_URL }).length;
    });

    test('the levels shrink in order', () => {
      expect(sizes.full).toBeGreaterThan(sizes.attributes);
      expect(sizes.attributes).toBeGreaterThan(sizes.addresses);
      expect(sizes.addresses).toBeGreaterThan(sizes.counts);
    });

    test.each(DETAIL_LEVELS)('%s', (level) => {
      const r = renderPlanCommentDetailed([stack], { budget: sizes[level], detailsUrl: DETAILS_URL });
      expect(r.levels).toEqual({ prod: level });
      expect(r.length).toBeLessThanOrEqual(sizes[level]);
      expectValid(r.body);
      // The risk section never degrades.
      expect(cautionOf(r.body)).toContain('forced by `storage_encrypted` `false -> true`');
      const details = r.body.slice(r.body.indexOf('### 🔍 Changes'), r.body.indexOf('\n---\n'));
      if (level === 'full') {
        expect(details).toContain('```diff');
        expect(r.shortened).toBe(false);
        expect(r.body).not.toContain('✂️');
        return;
      }
      expect(details).not.toContain('```');
      expect(r.shortened).toBe(true);
      expect(r.body).toContain(`See the [full plan](${DETAILS_URL})`);
      if (level === 'attributes') {
        expect(details).toContain('> ✂️ Shortened to fit GitHub\'s comment limit (changed attribute names only)');
        expect(details).toContain(`- 🔴 \`prod/Postgres/Resource\` (\`${DB}\`): \`storage_encrypted\` (forces replacement), `);
        expect(details).toMatch(/\(forces replacement\), \d+ known after apply\n/);
        expect(details).toContain('`task_definition`');
      }
      if (level === 'addresses') {
        expect(details).toContain('(addresses only)');
        expect(details).toContain(`- 🔴 \`prod/Postgres/Resource\` (\`${DB}\`)\n`);
        expect(details).not.toContain('storage_encrypted');
      }
      if (level === 'counts') {
        expect(details).not.toContain('<details>');
        expect(details).toContain('**`prod`** `+0 ~4 -0 ±3` · 7 resources (replace: 2 × `aws_ecs_task_definition`, 1 × `aws_db_instance`; update: ');
        expect(details).toContain(`Replaced or deleted: 🔴 \`${DB}\``);
      }
    });

    test('below the counts level the fixed lists shorten, and the comment still fits', () => {
      const r = renderPlanCommentDetailed([stack], { budget: sizes.counts - 200 });
      expect(r.length).toBeLessThanOrEqual(sizes.counts - 200);
      expect(r.shortened).toBe(true);
      expect(r.body).toContain('some lists above are cut');
      expectValid(r.body);
    });

    test('a tiny budget keeps the title, the digests and a pointer to the full plan', () => {
      const r = renderPlanCommentDetailed([stack], { budget: 700, detailsUrl: DETAILS_URL });
      expect(r.length).toBeLessThanOrEqual(700);
      expect(parseCommentDigests(r.body)).toEqual({ prod: planDigest(stack.plan!) });
      expect(r.body).toContain(`[full plan](${DETAILS_URL})`);
      expect(r.body).toContain('1 risky change');
      expectValid(r.body);
    });
  });

  test('the largest stack degrades first', async () => {
    const prod = (await scenarioStack('replace-db')).stack;
    const staging = (await scenarioStack('create', { environment: 'staging' })).stack;
    const whole = renderPlanCommentDetailed([prod, staging], { budget: 1_000_000 });
    expect(whole.levels).toEqual({ prod: 'full', staging: 'full' });
    const r = renderPlanCommentDetailed([prod, staging], { budget: whole.length - 1 });
    expect(r.levels).toEqual({ prod: 'full', staging: 'attributes' });
    expect(r.body).toContain('`staging` (changed attribute names only)');
    expectValid(r.body);
  });

  test('fails when the budget is not a positive number', () => {
    expect(() => renderPlanComment([], { budget: 0 })).toThrow('budget must be a positive number of characters, got 0');
  });
});

describe('several stacks', () => {
  test('a blocked stack without a plan renders its findings next to a planned one', async () => {
    const staging = await blockedStack('staging');
    const { stack: prod } = await scenarioStack('update-image');
    const body = renderPlanComment([staging, prod], { detailsUrl: DETAILS_URL });
    expectValid(body);
    expect(body.split('\n')[2]).toBe('## ⛔ pinstack plan: blocked by policy · 🟠 disruptive (2 stacks)');
    expect(body).toMatch(/\| `staging` \| production \| aws \| not planned \| — \| ⛔ \d+ blocking \|/);
    expect(parseCommentDigests(body)).toEqual({ prod: planDigest(prod.plan!) });
    const policy = body.slice(body.indexOf('### 🛡️ Policy'), body.indexOf('### 🔍 Changes'));
    expect(policy).toContain('**`staging`**: ⛔');
    expect(policy).toContain('not planned: blocked before terraform ran');
    expect(policy).toMatch(/- ⛔ `SPEC-DATA-001` `postgres\.backups\.retentionDays`: Postgres in prod keeps 1 day of backups; production needs at least 7/);
    expect(policy).toContain('  - Fix: Set postgres.backups.retentionDays');
    // Only the planned stack has details.
    expect(body.match(/<details>/g)).toHaveLength(1);
  });

  test('renders a blocked stack alone', async () => {
    const body = renderPlanComment([await blockedStack('prod')]);
    expectValid(body);
    expect(body).toContain('SPEC-DATA-001');
    expect(parseCommentDigests(body)).toEqual({});
    expect(body).not.toContain('<details>');
  });

  test('the same plan renders the same comment (so posting it again changes nothing)', async () => {
    const { stack } = await scenarioStack('weaken');
    expect(renderPlanComment([stack])).toBe(renderPlanComment([stack]));
    expect(planView(stack.plan!.raw).changes.length).toBe(stack.plan!.changes.length);
  });
});
