// Rule code reads JSON only (docs/CONVENTIONS.md): loading the rules must not load cdktf, a provider or constructs.
jest.mock('cdktf', () => {
  throw new Error('the kubernetes rules loaded cdktf');
});
jest.mock('constructs', () => {
  throw new Error('the kubernetes rules loaded constructs');
});

test('the kubernetes rules load without cdktf, providers or constructs', () => {
  const loaded = () => jest.requireActual<typeof import('../../../../policies/rules/kubernetes')>('../../../../policies/rules/kubernetes');
  expect(loaded().KUBERNETES_RULES.length).toBeGreaterThan(0);
});
