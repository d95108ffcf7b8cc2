import { labelBlocks, literal } from '../../../constructs/docker/terraform-values';
import { pascalCase } from '../../../model/naming';

describe('literal', () => {
  test('escapes interpolations and directives', () => {
    expect(literal('a ${b} %{if c}d%{endif} $e %f')).toBe('a $${b} %%{if c}d%%{endif} $e %f');
  });
  test('leaves plain strings alone', () => {
    expect(literal('postgres://x@y:5432/z')).toBe('postgres://x@y:5432/z');
  });
});

test('labelBlocks sorts by label', () => {
  expect(labelBlocks({ b: '2', a: '1' })).toEqual([{ label: 'a', value: '1' }, { label: 'b', value: '2' }]);
});

test('pascalCase', () => {
  expect(pascalCase('web')).toBe('Web');
  expect(pascalCase('api-gateway')).toBe('ApiGateway');
  expect(pascalCase('v2-api')).toBe('V2Api');
});
