import type { ProbeSpec } from '../config';

export type HealthCheckRole = 'liveness' | 'readiness' | 'startup';

export type Probe =
  | { readonly type: 'http'; readonly path: string; readonly port: number }
  | { readonly type: 'tcp'; readonly port: number }
  | { readonly type: 'command'; readonly command: readonly string[] };

export interface HealthCheckTiming {
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly retries: number;
  readonly startPeriodSeconds: number;
}

const DEFAULT_TIMING: HealthCheckTiming = { intervalSeconds: 10, timeoutSeconds: 5, retries: 3, startPeriodSeconds: 0 };

/**
 * A health check as a value: what to probe and how often. Each target translates it with one function
 * (docker `healthcheck`, Kubernetes probes, ECS container check + ALB target group).
 */
export class HealthCheck implements HealthCheckTiming {
  static http(path: string, port: number, timing: Partial<HealthCheckTiming> = {}): HealthCheck {
    return new HealthCheck({ type: 'http', path, port }, timing);
  }
  static tcp(port: number, timing: Partial<HealthCheckTiming> = {}): HealthCheck {
    return new HealthCheck({ type: 'tcp', port }, timing);
  }
  static command(command: readonly string[], timing: Partial<HealthCheckTiming> = {}): HealthCheck {
    return new HealthCheck({ type: 'command', command: [...command] }, timing);
  }
  /** From the spec; http and tcp checks default to the service port. */
  static fromSpec(spec: ProbeSpec, servicePort: number | undefined): HealthCheck {
    const timing = { intervalSeconds: spec.intervalSeconds, timeoutSeconds: spec.timeoutSeconds, retries: spec.retries, startPeriodSeconds: spec.startPeriodSeconds };
    if (spec.type === 'command') return HealthCheck.command(spec.command, timing);
    const port = spec.port ?? servicePort;
    if (port === undefined) throw new Error(`a ${spec.type} health check needs a port`);
    return spec.type === 'http' ? HealthCheck.http(spec.path, port, timing) : HealthCheck.tcp(port, timing);
  }

  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly retries: number;
  readonly startPeriodSeconds: number;

  private constructor(readonly probe: Probe, timing: Partial<HealthCheckTiming>) {
    const t = { ...DEFAULT_TIMING, ...timing };
    this.intervalSeconds = t.intervalSeconds;
    this.timeoutSeconds = t.timeoutSeconds;
    this.retries = t.retries;
    this.startPeriodSeconds = t.startPeriodSeconds;
  }

  /**
   * A shell command that performs the probe inside the container, for targets whose container check can
   * only run a command (docker, ECS). HTTP uses curl, else wget; TCP uses nc, else bash's /dev/tcp.
   */
  toShellCommand(): string {
    const p = this.probe;
    switch (p.type) {
      case 'http': {
        const url = `http://127.0.0.1:${p.port}${p.path}`;
        return `curl -fsS -o /dev/null ${url} || wget -q -O /dev/null ${url} || exit 1`;
      }
      case 'tcp':
        return `nc -z 127.0.0.1 ${p.port} || (exec 3<>/dev/tcp/127.0.0.1/${p.port}) || exit 1`;
      case 'command':
        return p.command.map(shellQuote).join(' ');
    }
  }

  /** Seconds from the first failure to "unhealthy". */
  get failureWindowSeconds(): number {
    return this.intervalSeconds * this.retries;
  }

  describe(): string {
    const p = this.probe;
    const what = p.type === 'http' ? `GET :${p.port}${p.path}` : p.type === 'tcp' ? `tcp :${p.port}` : p.command.join(' ');
    return `${what} every ${this.intervalSeconds}s, timeout ${this.timeoutSeconds}s, ${this.retries} retries, start period ${this.startPeriodSeconds}s`;
  }
}

function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
