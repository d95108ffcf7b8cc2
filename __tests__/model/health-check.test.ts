import { HealthCheck } from '../../model';

describe('HealthCheck', () => {
  test('defaults http and tcp checks to the service port', () => {
    const http = HealthCheck.fromSpec({ type: 'http', path: '/ready', intervalSeconds: 10, timeoutSeconds: 5, retries: 3, startPeriodSeconds: 0 }, 8080);
    expect(http.probe).toEqual({ type: 'http', path: '/ready', port: 8080 });
    const tcp = HealthCheck.fromSpec({ type: 'tcp', port: 9000, intervalSeconds: 7, timeoutSeconds: 2, retries: 4, startPeriodSeconds: 5 }, 8080);
    expect(tcp.probe).toEqual({ type: 'tcp', port: 9000 });
    expect([tcp.intervalSeconds, tcp.timeoutSeconds, tcp.retries, tcp.startPeriodSeconds, tcp.failureWindowSeconds]).toEqual([7, 2, 4, 5, 28]);
  });

  test('fails when an http check has no port at all', () => {
    expect(() => HealthCheck.fromSpec({ type: 'http', path: '/', intervalSeconds: 10, timeoutSeconds: 5, retries: 3, startPeriodSeconds: 0 }, undefined)).toThrow(
      'a http health check needs a port',
    );
  });

  test('renders a shell command per probe type for command-only targets', () => {
    expect(HealthCheck.http('/health', 8080).toShellCommand()).toBe(
      'curl -fsS -o /dev/null http://127.0.0.1:8080/health || wget -q -O /dev/null http://127.0.0.1:8080/health || exit 1',
    );
    expect(HealthCheck.tcp(6379).toShellCommand()).toBe('nc -z 127.0.0.1 6379 || (exec 3<>/dev/tcp/127.0.0.1/6379) || exit 1');
    expect(HealthCheck.command(['node', 'dist/healthcheck.js', "it's ok"]).toShellCommand()).toBe(`node dist/healthcheck.js 'it'\\''s ok'`);
  });

  test('describes itself for reports', () => {
    expect(HealthCheck.http('/ready', 8080, { intervalSeconds: 10, timeoutSeconds: 5, retries: 3 }).describe()).toBe(
      'GET :8080/ready every 10s, timeout 5s, 3 retries, start period 0s',
    );
  });
});
