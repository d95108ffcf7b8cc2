import {
  emptyContents,
  EnvironmentFileError,
  HISTORY_LIMIT,
  normalizeContents,
  pin,
  rollback,
  setSecret,
  unsetSecret,
  type EnvironmentContents,
} from '../../../lib/envfile';

const img = (n: number): string => `ghcr.io/acme/web:v${n}`;

function start(): EnvironmentContents {
  const c = emptyContents();
  c.pins.web = img(3);
  c.history.web = [img(2), img(1)];
  return c;
}

test('pin moves the current image to the front of the history and drops the new image from it', () => {
  const c = start();
  pin(c, 'web', img(1));
  expect(c.pins.web).toBe(img(1));
  expect(c.history.web).toEqual([img(3), img(2)]);
});

test('the first pin of a service has no history; pinning the current image is a no-op', () => {
  const c = emptyContents();
  pin(c, 'api', img(1));
  expect(c).toEqual({ pins: { api: img(1) }, history: {}, secrets: {} });
  pin(c, 'api', img(1));
  expect(c.history).toEqual({});
});

test(`history is deduplicated and capped at ${HISTORY_LIMIT}`, () => {
  const c = emptyContents();
  for (let i = 1; i <= 30; i++) pin(c, 'web', img(i));
  pin(c, 'web', img(29));
  expect(c.history.web).toHaveLength(HISTORY_LIMIT);
  expect(new Set(c.history.web).size).toBe(HISTORY_LIMIT);
  expect(c.history.web![0]).toBe(img(30));
  expect(c.history.web).not.toContain(img(29));
});

test('two rollbacks toggle (like cd -)', () => {
  const c = start();
  expect(rollback(c, 'web')).toBe(img(2));
  expect(c.pins.web).toBe(img(2));
  expect(c.history.web).toEqual([img(3), img(1)]);
  expect(rollback(c, 'web')).toBe(img(3));
  expect(c.pins.web).toBe(img(3));
  expect(c.history.web).toEqual([img(2), img(1)]);
});

test('rollback --to a history entry', () => {
  const c = start();
  expect(rollback(c, 'web', img(1))).toBe(img(1));
  expect(c.history.web).toEqual([img(3), img(2)]);
});

test('fails when rolling back --to an image that is not in the history, listing the history', () => {
  const c = start();
  expect(() => rollback(c, 'web', img(9))).toThrow(EnvironmentFileError);
  expect(() => rollback(c, 'web', img(9))).toThrow(`${img(9)} is not in the pin history of web; the history is:\n  - ${img(2)}\n  - ${img(1)}`);
});

test('fails when rolling back without history or an unknown service', () => {
  const c = emptyContents();
  pin(c, 'web', img(1));
  expect(() => rollback(c, 'web')).toThrow(/web has no pin history: nothing to roll back to/);
  expect(() => rollback(c, 'db')).toThrow(/service "db" is not pinned \(pinned services: web\)/);
});

test('secrets set and unset', () => {
  const c = emptyContents();
  setSecret(c, 'SESSION_SECRET', 's1');
  setSecret(c, 'SESSION_SECRET', 's2');
  expect(c.secrets).toEqual({ SESSION_SECRET: 's2' });
  unsetSecret(c, 'SESSION_SECRET');
  expect(c.secrets).toEqual({});
});

test('fails when a secret name is invalid or unset is asked for a missing secret', () => {
  const c = emptyContents();
  for (const bad of ['lower', '1ABC', 'A-B', '', '__proto__']) expect(() => setSecret(c, bad, 'x')).toThrow(/invalid secret name/);
  expect(() => unsetSecret(c, 'NOPE')).toThrow(/secret NOPE is not set \(secrets: none\)/);
});

test('fails when a service name or image is invalid', () => {
  expect(() => pin(emptyContents(), '__proto__', img(1))).toThrow(/invalid service name/);
  expect(() => pin(emptyContents(), 'web', 'has space')).toThrow(/invalid image for web/);
});

test('normalizeContents removes the current pin and duplicates from the history', () => {
  expect(normalizeContents({ pins: { web: img(2) }, history: { web: [img(2), img(1), img(1)], api: [] }, secrets: {} })).toEqual({
    pins: { web: img(2) },
    history: { web: [img(1)] },
    secrets: {},
  });
});
