import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../policies/rules';
import { renderRulesDoc } from '../../policies/rules-doc';

test('policies/RULES.md is in sync with the rule metadata (regenerate with `npm run rules:doc`)', () => {
  const file = path.join(__dirname, '..', '..', 'policies', 'RULES.md');
  expect(fs.readFileSync(file, 'utf8')).toBe(renderRulesDoc(RULES));
});

test('rule ids are unique and every rule has complete metadata', () => {
  const ids = RULES.map((r) => r.meta.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const r of RULES) {
    expect(r.meta.title.length).toBeGreaterThan(5);
    expect(r.meta.rationale.length).toBeGreaterThan(20);
    expect(r.meta.remediation.length).toBeGreaterThan(10);
    expect(Object.keys(r.meta.severity).sort()).toEqual(['development', 'production', 'staging']);
  }
});
