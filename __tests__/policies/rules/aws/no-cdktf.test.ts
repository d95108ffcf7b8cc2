// Rule code reads JSON only (docs/CONVENTIONS.md): loading the rules must not load cdktf, a provider or constructs.
jest.mock('cdktf', () => {
  throw new Error('the aws rules loaded cdktf');
});
jest.mock('constructs', () => {
  throw new Error('the aws rules loaded constructs');
});
jest.mock('@cdktf/provider-aws/lib/lb-target-group', () => {
  throw new Error('the aws rules loaded the aws provider');
});

test('the aws rules load without cdktf, providers or constructs', () => {
  const loaded = () => jest.requireActual<typeof import('../../../../policies/rules/aws')>('../../../../policies/rules/aws');
  expect(loaded().AWS_RULES).toHaveLength(18);
});
