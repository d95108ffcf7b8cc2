import { lineScrubber, redactUrl, urlPassword } from '../../../lib/ops';

describe('redactUrl', () => {
  test.each([
    ['postgres://app:s3cret@db.internal:5432/app?sslmode=require', 'postgres://app:***@db.internal:5432/app?sslmode=require'],
    ['postgresql://app:p%40ss@db/app', 'postgresql://app:***@db/app'],
    ['redis://:s3cret@cache:6379/0', 'redis://:***@cache:6379/0'],
    ['rediss://default:s3cret@cache:6380', 'rediss://default:***@cache:6380'],
    // redis://<password>@host is the password form for several clients
    ['redis://s3cret@cache:6379', 'redis://***@cache:6379'],
    // a raw @ in the password: everything up to the last @ of the authority is userinfo
    ['postgres://app:p@ss@db/app', 'postgres://app:***@db/app'],
    ['postgres://db/app?user=app&password=s3cret&sslmode=require', 'postgres://db/app?user=app&password=***&sslmode=require'],
    ['https://app.acme.example/health', 'https://app.acme.example/health'],
    ['https://deploy@app.acme.example/', 'https://deploy@app.acme.example/'],
  ])('%s -> %s', (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
  });

  test('redacts every URL inside a longer message', () => {
    expect(redactUrl('from postgres://a:x1@h1/db to redis://:x2@h2:6379 failed')).toBe('from postgres://a:***@h1/db to redis://:***@h2:6379 failed');
  });
});

describe('urlPassword', () => {
  test('gives the decoded password of a URL, or undefined', () => {
    expect(urlPassword('postgres://app:p%40ss@db/app')).toBe('p@ss');
    expect(urlPassword('redis://s3cret@cache:6379')).toBe('s3cret');
    expect(urlPassword('https://app.example/')).toBeUndefined();
    expect(urlPassword('not a url')).toBeUndefined();
  });
});

describe('lineScrubber', () => {
  test('removes URL passwords and every known secret value, including the password part of a URL secret', () => {
    const scrub = lineScrubber(['session-secret-value', 'postgres://app:db-pass-123@db/app']);
    expect(scrub('token session-secret-value leaked')).toBe('token (redacted) leaked');
    expect(scrub('postgres://app:db-pass-123@db/app: ok')).toBe('postgres://app:***@db/app: ok');
    expect(scrub('server said: password db-pass-123 is wrong')).toBe('server said: password (redacted) is wrong');
  });
});
