import { type CheckResult, type Clock, nextStreak, pollHealth, type RoundReport } from '../../../lib/ops';

/** A clock that only moves when the poller sleeps (or a round takes `roundMs`). */
function fakeClock(): Clock & { sleeps: number[]; advance(ms: number): void } {
  let t = 1_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += Math.max(0, ms);
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

const pass: CheckResult[] = [{ name: 'GET /health', status: 'ok' }];
const fail: CheckResult[] = [{ name: 'GET /health', status: 'failed', detail: 'HTTP 503' }];
const skip: CheckResult[] = [{ name: 'postgres', status: 'skipped', detail: 'no URL' }];

/** Runs the poller over a scripted sequence of round outcomes ('o' ok, 'x' failed), then ok forever. */
async function script(outcomes: string, opts: { intervalMs?: number; durationMs?: number; maxFailures?: number; roundMs?: number } = {}) {
  const clock = fakeClock();
  const reports: RoundReport[] = [];
  const result = await pollHealth({
    intervalMs: opts.intervalMs ?? 10_000,
    durationMs: opts.durationMs ?? 300_000,
    maxFailures: opts.maxFailures ?? 3,
    clock,
    round: async (n) => {
      if (opts.roundMs) clock.advance(opts.roundMs);
      return outcomes[n - 1] === 'x' ? fail : pass;
    },
    onRound: (r) => reports.push(r),
  });
  return { result, reports, clock };
}

describe('nextStreak', () => {
  test('a passing round resets, a failing one extends', () => {
    expect([true, false, false, true, false].reduce<number[]>((acc, ok) => [...acc, nextStreak(acc.at(-1) ?? 0, ok)], [])).toEqual([0, 1, 2, 0, 1]);
  });
});

describe('pollHealth', () => {
  test('healthy after the duration: 30 rounds of 10 s for 300 s, sleeping the interval between them', async () => {
    const { result, reports, clock } = await script('');
    expect(result).toEqual({ healthy: true, rounds: 30, failedRounds: 0, streak: 0 });
    expect(reports.map((r) => r.atMs)).toEqual(Array.from({ length: 30 }, (_, i) => i * 10_000));
    expect(clock.sleeps).toEqual(Array(29).fill(10_000));
  });

  test('fails when 3 rounds in a row fail, stopping at once', async () => {
    const { result, reports } = await script('ooxxx');
    expect(result).toEqual({ healthy: false, rounds: 5, failedRounds: 3, streak: 3 });
    expect(reports.map((r) => r.streak)).toEqual([0, 0, 1, 2, 3]);
  });

  test('a flapping run (fail, fail, ok, ...) never reaches 3 and is healthy', async () => {
    const { result, reports } = await script('xxo'.repeat(20));
    expect(result.healthy).toBe(true);
    expect(Math.max(...reports.map((r) => r.streak))).toBe(2);
    expect(result.failedRounds).toBe(20);
  });

  test('a streak open at the deadline is followed until it closes', async () => {
    // 3 rounds fit in 30 s (0, 10, 20 s); the 3rd fails, so a 4th runs; it passes -> healthy.
    const { result } = await script('ooxo', { durationMs: 30_000 });
    expect(result).toEqual({ healthy: true, rounds: 4, failedRounds: 1, streak: 0 });
  });

  test('fails when a streak open at the deadline reaches the limit', async () => {
    const { result } = await script('ooxxx', { durationMs: 30_000 });
    expect(result).toEqual({ healthy: false, rounds: 5, failedRounds: 3, streak: 3 });
  });

  test('a slow round is followed by the next one at once (no sleep, no catching up)', async () => {
    const { clock, result } = await script('', { intervalMs: 1_000, durationMs: 5_000, roundMs: 2_500 });
    expect(clock.sleeps.every((ms) => ms <= 0)).toBe(true);
    expect(result.rounds).toBe(3);
  });

  test('duration 0 runs exactly one round; max failures 1 fails on the first failed round', async () => {
    expect((await script('', { durationMs: 0 })).result.rounds).toBe(1);
    expect((await script('x', { maxFailures: 1 })).result).toEqual({ healthy: false, rounds: 1, failedRounds: 1, streak: 1 });
  });

  test('skipped checks do not fail a round', async () => {
    const result = await pollHealth({ intervalMs: 1, durationMs: 0, maxFailures: 1, clock: fakeClock(), round: async () => [...pass, ...skip] });
    expect(result.healthy).toBe(true);
  });

  test('fails when the limits make no sense', async () => {
    const round = async () => pass;
    await expect(pollHealth({ intervalMs: 1, durationMs: 1, maxFailures: 0, round })).rejects.toThrow('maxFailures must be at least 1, got 0');
    await expect(pollHealth({ intervalMs: 0, durationMs: 1, maxFailures: 3, round })).rejects.toThrow('intervalMs must be positive, got 0');
  });
});
