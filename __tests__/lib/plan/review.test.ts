import { compareWithReviewed, parseSummaryFile } from '../../../lib/plan/review';

describe('compareWithReviewed', () => {
  test('accepts the reviewed plan, and a plan that differs without new deletes or replaces', () => {
    const reviewed = { digest: 'sha256:a', risky: ['replace aws_ecs_task_definition.web'] };
    expect(compareWithReviewed({ digest: 'sha256:a', risky: ['replace aws_ecs_task_definition.web'] }, reviewed)).toEqual({ identical: true, unreviewedRisk: [] });
    expect(compareWithReviewed({ digest: 'sha256:b', risky: [] }, reviewed)).toEqual({ identical: false, unreviewedRisk: [] });
  });

  test('fails when the new plan deletes or replaces something nobody reviewed', () => {
    const cmp = compareWithReviewed({ digest: 'sha256:b', risky: ['replace aws_db_instance.Postgres_1', 'replace aws_ecs_task_definition.web'] }, { digest: 'sha256:a', risky: ['replace aws_ecs_task_definition.web'] });
    expect(cmp.unreviewedRisk).toEqual(['replace aws_db_instance.Postgres_1']);
  });
});

describe('parseSummaryFile', () => {
  test('fails when the file is not a pinstack summary', () => {
    expect(() => parseSummaryFile('{"a":1}', 'x.json')).toThrow('x.json: expected the summary.json of `pinstack plan`');
    expect(() => parseSummaryFile('nope', 'x.json')).toThrow(/x\.json: not JSON/);
    expect(parseSummaryFile('{"formatVersion":"1.0","generatedAt":"x","stacks":[]}', 's.json').stacks).toEqual([]);
  });
});
