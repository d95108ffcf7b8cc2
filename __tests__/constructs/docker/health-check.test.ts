import { dockerHealthcheck, dockerHealthTiming, MIN_WAIT_TIMEOUT_SECONDS, primaryCheck, shellHealthcheck, waitTimeoutSeconds } from '../../../constructs/docker/health-check';
import { HealthCheck } from '../../../model';

describe('dockerHealthcheck', () => {
  test('translates an http probe to a CMD-SHELL curl/wget command with its timing', () => {
    const check = HealthCheck.http('/health', 8080, { intervalSeconds: 15, timeoutSeconds: 5, retries: 3, startPeriodSeconds: 7 });
    expect(dockerHealthcheck({ liveness: check })).toEqual({
      test: ['CMD-SHELL', 'curl -fsS -o /dev/null http://127.0.0.1:8080/health || wget -q -O /dev/null http://127.0.0.1:8080/health || exit 1'],
      interval: '15s',
      timeout: '5s',
      retries: 3,
      startPeriod: '7s',
    });
  });

  test('translates a tcp probe', () => {
    const check = HealthCheck.tcp(6000);
    expect(dockerHealthcheck({ readiness: check })).toEqual({
      test: ['CMD-SHELL', 'nc -z 127.0.0.1 6000 || (exec 3<>/dev/tcp/127.0.0.1/6000) || exit 1'],
      interval: '10s',
      timeout: '5s',
      retries: 3,
      startPeriod: '0s',
    });
  });

  test('translates a command probe, quoting arguments for the shell', () => {
    const check = HealthCheck.command(['node', 'dist/healthcheck.js', '--name', 'a b'], { intervalSeconds: 30, timeoutSeconds: 10, retries: 4, startPeriodSeconds: 20 });
    expect(dockerHealthcheck({ liveness: check })).toEqual({
      test: ['CMD-SHELL', "node dist/healthcheck.js --name 'a b'"],
      interval: '30s',
      timeout: '10s',
      retries: 4,
      startPeriod: '20s',
    });
  });

  test('the test command is exactly the check shell command', () => {
    for (const check of [HealthCheck.http('/x', 1), HealthCheck.tcp(2), HealthCheck.command(['true'])]) {
      expect(dockerHealthcheck({ liveness: check })!.test).toEqual(['CMD-SHELL', check.toShellCommand()]);
    }
  });

  test('escapes Terraform interpolation in a command', () => {
    const check = HealthCheck.command(['sh', '-c', 'test -n "${HOME}" && echo %{ok}']);
    expect(dockerHealthcheck({ liveness: check })!.test[1]).toBe(`sh -c 'test -n "$\${HOME}" && echo %%{ok}'`);
  });

  test('runs liveness, else readiness, else startup', () => {
    const liveness = HealthCheck.http('/live', 80);
    const readiness = HealthCheck.http('/ready', 80);
    const startup = HealthCheck.http('/start', 80);
    expect(primaryCheck({ liveness, readiness, startup })).toBe(liveness);
    expect(primaryCheck({ readiness, startup })).toBe(readiness);
    expect(primaryCheck({ startup })).toBe(startup);
    expect(primaryCheck({})).toBeUndefined();
    expect(dockerHealthcheck({ readiness, startup })!.test[1]).toContain('/ready');
    expect(dockerHealthcheck({ startup })!.test[1]).toContain('/start');
  });

  test('returns undefined when there is no check', () => {
    expect(dockerHealthcheck({})).toBeUndefined();
    expect(dockerHealthTiming({})).toBeUndefined();
  });

  describe('start period', () => {
    const liveness = (startPeriodSeconds: number) => HealthCheck.http('/health', 8080, { intervalSeconds: 15, timeoutSeconds: 5, retries: 3, startPeriodSeconds });

    test('covers a separate startup check (interval * retries) when that is longer', () => {
      const startup = HealthCheck.http('/health', 8080, { intervalSeconds: 5, timeoutSeconds: 3, retries: 12 });
      expect(dockerHealthcheck({ liveness: liveness(0), startup })!.startPeriod).toBe('60s');
    });

    test("keeps the primary check's start period when that is longer", () => {
      const startup = HealthCheck.http('/health', 8080, { intervalSeconds: 5, timeoutSeconds: 3, retries: 2 });
      expect(dockerHealthcheck({ liveness: liveness(45), startup })!.startPeriod).toBe('45s');
    });

    test("adds the startup check's own start period to its window", () => {
      const startup = HealthCheck.http('/health', 8080, { intervalSeconds: 5, timeoutSeconds: 3, retries: 4, startPeriodSeconds: 30 });
      expect(dockerHealthcheck({ readiness: liveness(0), startup })!.startPeriod).toBe('50s');
    });

    test('is the start period of the startup check itself when it is the only check', () => {
      const startup = HealthCheck.http('/health', 8080, { intervalSeconds: 5, timeoutSeconds: 3, retries: 12, startPeriodSeconds: 9 });
      expect(dockerHealthcheck({ startup })!.startPeriod).toBe('9s');
    });

    test('without a startup check is the primary check’s own', () => {
      expect(dockerHealthcheck({ liveness: liveness(0) })!.startPeriod).toBe('0s');
      expect(dockerHealthcheck({ liveness: liveness(12), readiness: HealthCheck.tcp(1, { startPeriodSeconds: 99 }) })!.startPeriod).toBe('12s');
    });
  });
});

describe('waitTimeoutSeconds', () => {
  test('covers the start period and a full failure window, plus an interval and a timeout', () => {
    expect(waitTimeoutSeconds({ intervalSeconds: 15, timeoutSeconds: 5, retries: 3, startPeriodSeconds: 60 })).toBe(60 + 15 * 4 + 5);
  });

  test('is never below the provider default', () => {
    expect(waitTimeoutSeconds({ intervalSeconds: 1, timeoutSeconds: 1, retries: 1, startPeriodSeconds: 0 })).toBe(MIN_WAIT_TIMEOUT_SECONDS);
  });
});

describe('shellHealthcheck', () => {
  test('keeps a shell pipeline as one CMD-SHELL string', () => {
    expect(shellHealthcheck('a | grep b', { intervalSeconds: 5, timeoutSeconds: 3, retries: 5, startPeriodSeconds: 10 })).toEqual({
      test: ['CMD-SHELL', 'a | grep b'],
      interval: '5s',
      timeout: '3s',
      retries: 5,
      startPeriod: '10s',
    });
  });
});
