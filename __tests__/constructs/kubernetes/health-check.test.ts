import { containerProbes, kubernetesProbe } from '../../../constructs/kubernetes/health-check';
import { HealthCheck } from '../../../model';

const timing = { intervalSeconds: 15, timeoutSeconds: 4, retries: 5, startPeriodSeconds: 30 };
const translatedTiming = { periodSeconds: 15, timeoutSeconds: 4, failureThreshold: 5, initialDelaySeconds: 30 };

describe('kubernetesProbe', () => {
  test('http -> http_get with path and port', () => {
    expect(kubernetesProbe(HealthCheck.http('/health', 8080, timing))).toEqual({ ...translatedTiming, httpGet: { path: '/health', port: '8080' } });
  });

  test('tcp -> tcp_socket with port', () => {
    expect(kubernetesProbe(HealthCheck.tcp(5432, timing))).toEqual({ ...translatedTiming, tcpSocket: [{ port: '5432' }] });
  });

  test('command -> exec with the command as given (no shell added)', () => {
    expect(kubernetesProbe(HealthCheck.command(['node', 'dist/healthcheck.js', '--quiet'], timing))).toEqual({
      ...translatedTiming,
      exec: { command: ['node', 'dist/healthcheck.js', '--quiet'] },
    });
  });

  test('default timing: every 10 s, timeout 5 s, 3 failures, no initial delay', () => {
    expect(kubernetesProbe(HealthCheck.tcp(80))).toEqual({
      periodSeconds: 10,
      timeoutSeconds: 5,
      failureThreshold: 3,
      initialDelaySeconds: 0,
      tcpSocket: [{ port: '80' }],
    });
  });

  test('the spec translates through the model: http check defaults to the service port', () => {
    const check = HealthCheck.fromSpec({ type: 'http', path: '/ready', intervalSeconds: 10, timeoutSeconds: 5, retries: 3, startPeriodSeconds: 0 }, 3000);
    expect(kubernetesProbe(check).httpGet).toEqual({ path: '/ready', port: '3000' });
  });

  test('the probe owns its command array (mutating it does not change the check)', () => {
    const check = HealthCheck.command(['true']);
    kubernetesProbe(check).exec!.command.push('x');
    expect(kubernetesProbe(check).exec!.command).toEqual(['true']);
  });
});

describe('containerProbes', () => {
  test('only the probes the spec has', () => {
    const liveness = HealthCheck.tcp(80);
    expect(containerProbes({ liveness })).toEqual({ livenessProbe: kubernetesProbe(liveness) });
    expect(containerProbes({})).toEqual({});
  });

  test('readiness, liveness and startup map to their own blocks', () => {
    const readiness = HealthCheck.http('/ready', 80);
    const liveness = HealthCheck.http('/live', 80);
    const startup = HealthCheck.command(['true']);
    expect(containerProbes({ readiness, liveness, startup })).toEqual({
      readinessProbe: kubernetesProbe(readiness),
      livenessProbe: kubernetesProbe(liveness),
      startupProbe: kubernetesProbe(startup),
    });
  });
});
