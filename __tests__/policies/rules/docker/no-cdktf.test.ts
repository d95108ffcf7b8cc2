// Rule code reads JSON only (docs/CONVENTIONS.md): loading the rules must not load cdktf, a provider or constructs.
jest.mock('cdktf', () => {
  throw new Error('the docker rules loaded cdktf');
});
jest.mock('constructs', () => {
  throw new Error('the docker rules loaded constructs');
});

test('the docker rules load without cdktf, providers or constructs', () => {
  const loaded = () => jest.requireActual<typeof import('../../../../policies/rules/docker')>('../../../../policies/rules/docker');
  expect(loaded().DOCKER_RULES.length).toBeGreaterThan(0);
});
