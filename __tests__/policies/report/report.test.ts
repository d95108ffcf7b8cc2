import * as fs from 'node:fs';
import * as path from 'node:path';
import { evaluate } from '../../../policies/engine';
import { renderJson } from '../../../policies/report/json';
import { renderMarkdown } from '../../../policies/report/markdown';
import { renderSarif } from '../../../policies/report/sarif';
import { renderText } from '../../../policies/report/text';
import { RULES } from '../../../policies/rules';
import { defineRule, fail, pass, sev, unknown } from '../../../policies/rules/helpers';
import { specPathLocator } from '../../../policies/spec-locator';
import type { Report } from '../../../policies/types';
import { exampleSpec } from '../../helpers/example';
import { specContext } from '../harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
expect.extend(require('@microsoft/jest-sarif'));

const NOW = new Date('2026-11-26T12:00:00Z');
const rule = defineRule(
  { id: 'TEST-REPORT', title: 'Reports render', stage: 'spec', category: 'security', rationale: 'why', remediation: 'how', severity: sev('error', 'warning', 'info'), enforcement: 'soft', anchors: ['CKV_TEST_1'] },
  (ctx) => [
    fail('web | is <bad>', { specPath: 'services.web.image' }),
    unknown('worker image unknown', { specPath: 'services.worker.image', address: 'aws_ecs_task_definition.x', constructPath: 'prod/Worker/TaskDefinition' }),
    pass('fine', { specPath: 'postgres' }),
    ...(ctx.config.name === 'prod' ? [] : []),
  ],
);

async function reports(): Promise<Report[]> {
  const spec = exampleSpec();
  spec.policy = { suppressions: [{ rule: 'TEST-REPORT', target: 'services.web.image', reason: 'accepted for the demo only', owner: 'platform', expires: '2026-12-31', environments: ['staging'] }] };
  const appText = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'app.ts'), 'utf8');
  const locate = specPathLocator('app.ts', appText);
  const out: Report[] = [];
  for (const env of ['staging', 'prod']) {
    const ctx = await specContext(env, { spec });
    out.push({ environment: env, tier: ctx.config.tier, target: ctx.config.target.kind, stages: ['spec'], findings: evaluate([rule], ctx, { now: NOW, locateSpecPath: locate }) });
  }
  return out;
}

describe('reports', () => {
  test('SARIF output is valid SARIF 2.1.0 with rule metadata, levels, locations and suppressions', async () => {
    const sarif = renderSarif(await reports(), [rule, ...RULES], { toolVersion: '0.1.0', fallbackUri: (env) => `cdktf.out/stacks/${env}/cdk.tf.json` });
    expect(sarif).toBeValidSarifLog();
    const runs = sarif.runs as any[];
    expect(runs.map((r) => r.automationDetails.id)).toEqual(['pinstack/staging/', 'pinstack/prod/']);
    const driverRule = runs[0].tool.driver.rules.find((r: any) => r.id === 'TEST-REPORT');
    expect(driverRule).toMatchObject({ shortDescription: { text: 'Reports render' }, fullDescription: { text: 'why' }, defaultConfiguration: { level: 'error' }, properties: { 'security-severity': '7.5' } });
    const prodWeb = runs[1].results.find((r: any) => r.message.text.includes('web'));
    expect(prodWeb).toMatchObject({ ruleId: 'TEST-REPORT', level: 'error', kind: 'fail' });
    expect(prodWeb.locations[0].physicalLocation.artifactLocation.uri).toBe('app.ts');
    expect(prodWeb.locations[0].physicalLocation.region.startLine).toBeGreaterThan(1);
    const stagingWeb = runs[0].results.find((r: any) => r.message.text.includes('web'));
    expect(stagingWeb.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'accepted for the demo only (platform, until 2026-12-31)' }]);
    const worker = runs[1].results.find((r: any) => r.message.text.includes('worker'));
    expect(worker.level).toBe('note');
    expect(worker.locations[0].logicalLocations).toEqual([
      { fullyQualifiedName: 'prod/Worker/TaskDefinition', kind: 'resource' },
      { name: 'aws_ecs_task_definition.x', kind: 'resource' },
      { fullyQualifiedName: 'services.worker.image', kind: 'member' },
    ]);
    // Fingerprints are stable across runs and differ per environment.
    expect(prodWeb.partialFingerprints['pinstack/v1']).not.toBe(stagingWeb.partialFingerprints['pinstack/v1']);
  });

  test('text lists blocking findings with the fix, and the status per environment', async () => {
    const text = renderText(await reports());
    expect(text).toContain('prod (aws, production): BLOCKED — 1 passed, 1 blocking, 0 warnings, 1 unknown, 0 suppressed');
    expect(text).toContain('staging (kubernetes, staging): ok — 1 passed, 0 blocking, 0 warnings, 1 unknown, 1 suppressed');
    expect(text).toMatch(/ERROR\s+TEST-REPORT\s+services\.web\.image: web \| is <bad> \[app\.ts:\d+\]/);
    expect(text).toContain('fix: how');
    expect(text).toContain('suppression by platform until 2026-12-31: accepted for the demo only');
  });

  test('markdown escapes table characters and marks the status', async () => {
    const md = renderMarkdown(await reports());
    expect(md).toContain('| `prod` | aws | ⛔ blocked | 1 | 1 | 0 | 1 | 0 |');
    expect(md).toContain('web \\| is \\<bad\\>');
  });

  test('JSON carries counts, the blocking flag and every finding', async () => {
    const json = JSON.parse(renderJson(await reports()));
    expect(json).toMatchObject({ formatVersion: '1.0', blocking: true });
    expect(json.environments[1].counts).toEqual({ pass: 1, fail: 1, unknown: 1, suppressed: 0, notApplicable: 0, blocking: 1, warnings: 0 });
  });
});

describe('specPathLocator', () => {
  test('finds nested keys in order', () => {
    const text = ['export default {', '  services: {', '    web: {', "      image: 'x',", '    },', '    worker: {', "      image: 'y',", '    },', '  },', '};'].join('\n');
    const locate = specPathLocator('app.ts', text);
    expect(locate('services.web.image')).toEqual({ file: 'app.ts', line: 4 });
    expect(locate('services.worker.image')).toEqual({ file: 'app.ts', line: 7 });
    expect(locate('services.worker')).toEqual({ file: 'app.ts', line: 6 });
    expect(locate('redis')).toBeUndefined();
  });
});
