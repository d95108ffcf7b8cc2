import { anyFailed, type CheckResult } from './checks';

/** Time for the poller; tests pass a fake so nothing waits. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

export interface RoundReport {
  /** 1-based. */
  readonly round: number;
  /** Milliseconds since the first round started, when this round started. */
  readonly atMs: number;
  readonly ok: boolean;
  /** Consecutive failed rounds up to and including this one (0 when it passed). */
  readonly streak: number;
  readonly checks: readonly CheckResult[];
}

export interface PollOptions {
  /** Runs every check of one round; a round fails when any check fails. */
  readonly round: (round: number) => Promise<readonly CheckResult[]>;
  /** Between the starts of two rounds (a slow round is followed by the next at once). */
  readonly intervalMs: number;
  /** Consecutive failed rounds that make the result unhealthy. */
  readonly maxFailures: number;
  /** How long to watch: no round starts at or after this many ms, unless a failure streak is still open. */
  readonly durationMs: number;
  readonly clock?: Clock;
  readonly onRound?: (report: RoundReport) => void;
}

export interface PollResult {
  readonly healthy: boolean;
  readonly rounds: number;
  readonly failedRounds: number;
  /** The streak at the end (= maxFailures when unhealthy). */
  readonly streak: number;
}

/** The failure streak after a round: reset by a passing round, else one longer. */
export function nextStreak(streak: number, roundOk: boolean): number {
  return roundOk ? 0 : streak + 1;
}

/**
 * Runs rounds every `intervalMs` for `durationMs`; unhealthy as soon as `maxFailures` rounds in a row
 * failed, healthy when the duration ends without such a streak. A streak still open at the deadline is
 * followed until it either closes (healthy) or reaches `maxFailures` (unhealthy), so a deploy that is
 * failing when the watch ends is not reported healthy: at most `maxFailures - 1` extra rounds.
 * At least one round always runs.
 */
export async function pollHealth(options: PollOptions): Promise<PollResult> {
  if (!(options.maxFailures >= 1)) throw new RangeError(`maxFailures must be at least 1, got ${options.maxFailures}`);
  if (!(options.intervalMs > 0)) throw new RangeError(`intervalMs must be positive, got ${options.intervalMs}`);
  if (!(options.durationMs >= 0)) throw new RangeError(`durationMs must not be negative, got ${options.durationMs}`);
  const clock = options.clock ?? systemClock;
  const start = clock.now();
  let streak = 0;
  let failedRounds = 0;
  for (let round = 1; ; round++) {
    const roundStart = clock.now();
    const checks = await options.round(round);
    const roundOk = !anyFailed(checks);
    streak = nextStreak(streak, roundOk);
    if (!roundOk) failedRounds++;
    options.onRound?.({ round, atMs: roundStart - start, ok: roundOk, streak, checks });
    if (streak >= options.maxFailures) return { healthy: false, rounds: round, failedRounds, streak };
    const next = roundStart + options.intervalMs;
    if (next - start >= options.durationMs && streak === 0) return { healthy: true, rounds: round, failedRounds, streak };
    await clock.sleep(next - clock.now());
  }
}
