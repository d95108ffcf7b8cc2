import { describePinProblem, ImageRefError, parseImageRef, pinProblem, repositoryOf } from '../../../lib/oci/image-ref';

describe('parseImageRef', () => {
  test.each([
    ['ghcr.io/acme/web:v42-3f9c2ab', { domain: 'ghcr.io', path: 'acme/web', tag: 'v42-3f9c2ab' }],
    ['registry:5000/app', { domain: 'registry:5000', path: 'app' }],
    ['registry:5000/app:1.2.3', { domain: 'registry:5000', path: 'app', tag: '1.2.3' }],
    ['localhost/app:dev-1', { domain: 'localhost', path: 'app', tag: 'dev-1' }],
    ['localhost:5000/team/app', { domain: 'localhost:5000', path: 'team/app' }],
    ['nginx', { domain: 'docker.io', path: 'library/nginx' }],
    ['nginx:1.27', { domain: 'docker.io', path: 'library/nginx', tag: '1.27' }],
    ['acme/web:v1', { domain: 'docker.io', path: 'acme/web', tag: 'v1' }],
    ['[::1]:5000/app:v1', { domain: '[::1]:5000', path: 'app', tag: 'v1' }],
    [
      'ghcr.io/acme/web@sha256:' + 'a'.repeat(64),
      { domain: 'ghcr.io', path: 'acme/web', digest: 'sha256:' + 'a'.repeat(64) },
    ],
    [
      'ghcr.io/acme/web:v1@sha256:' + 'b'.repeat(64),
      { domain: 'ghcr.io', path: 'acme/web', tag: 'v1', digest: 'sha256:' + 'b'.repeat(64) },
    ],
  ])('parses %s', (input, expected) => {
    const ref = parseImageRef(input);
    expect({ domain: ref.domain, path: ref.path, tag: ref.tag, digest: ref.digest }).toEqual({ tag: undefined, digest: undefined, ...expected });
  });

  test.each([
    ['', 'is empty'],
    ['Ghcr.io/acme/Web:v1', 'invalid repository'],
    ['ghcr.io/acme/web:', 'invalid tag'],
    ['ghcr.io/acme/web:-bad', 'invalid tag'],
    ['ghcr.io/acme/web@sha256:abc', 'invalid digest'],
    ['ghcr.io//web:v1', 'invalid repository'],
    ['bad_host.io:x/app', 'invalid'],
  ])('fails when the reference is %j', (input, message) => {
    expect(() => parseImageRef(input)).toThrow(ImageRefError);
    expect(() => parseImageRef(input)).toThrow(message);
  });

  test('normalises the repository of Docker Hub names', () => {
    expect(repositoryOf(parseImageRef('nginx:1'))).toBe('docker.io/library/nginx');
    expect(repositoryOf(parseImageRef('docker.io/library/nginx:1'))).toBe('docker.io/library/nginx');
    expect(repositoryOf(parseImageRef('registry:5000/app:1'))).toBe('registry:5000/app');
  });
});

describe('pinProblem', () => {
  test.each([
    ['ghcr.io/acme/web:v42-3f9c2ab', undefined],
    ['ghcr.io/acme/web:latest', 'latest'],
    ['ghcr.io/acme/web:LATEST', 'latest'],
    ['ghcr.io/acme/web:Latest', 'latest'],
    ['ghcr.io/acme/web', 'untagged'],
    ['registry:5000/app', 'untagged'],
    ['ghcr.io/acme/web:latest@sha256:' + 'c'.repeat(64), undefined],
    ['ghcr.io/acme/web@sha256:' + 'c'.repeat(64), undefined],
  ])('%s -> %s', (input, problem) => {
    expect(pinProblem(parseImageRef(input))).toBe(problem);
  });

  test('describes each problem with the remedy', () => {
    expect(describePinProblem('latest')).toMatch(/:latest.*immutable tag/);
    expect(describePinProblem('untagged')).toMatch(/no tag or digest/);
  });
});
