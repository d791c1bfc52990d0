/**
 * The watch timer: which instant it waits for (a disruption's start or end, raised to the departure step
 * /routes plans from), and that it really sleeps until then with real timers, re-arming when the wait is
 * longer than one setTimeout may be and when it wakes before its instant.
 */
import { describe, expect, it } from 'vitest';
import { MAX_TIMER_DELAY_MS, nextTimedChange, WatchTimer } from '../../src/watches/index.js';

const STEP = 5 * 60_000;
const at = (iso: string) => Date.parse(iso);
const window = (startsAt: string, endsAt: string | null = null) => ({ startsAt, endsAt });

describe('nextTimedChange', () => {
  const now = at('2026-12-03T10:02:00Z');

  it('is the earliest start or end still ahead', () => {
    const disruptions = [
      window('2026-12-05T00:00:00Z', '2026-12-07T00:00:00Z'),
      window('2026-12-01T00:00:00Z', '2026-12-04T18:00:00Z'),
      window('2026-12-04T06:00:00Z'),
    ];
    expect(nextTimedChange(disruptions, now, STEP)).toBe(at('2026-12-04T06:00:00Z'));
    expect(nextTimedChange(disruptions, at('2026-12-04T06:00:00Z'), STEP)).toBe(at('2026-12-04T18:00:00Z'));
    expect(nextTimedChange(disruptions, at('2026-12-06T00:00:00Z'), STEP)).toBe(at('2026-12-07T00:00:00Z'));
  });

  it('is undefined when nothing is ahead: no disruptions, or started and open-ended, or over', () => {
    expect(nextTimedChange([], now, STEP)).toBeUndefined();
    expect(nextTimedChange([window('2026-12-01T00:00:00Z')], now, STEP)).toBeUndefined();
    expect(
      nextTimedChange([window('2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z')], now, STEP),
    ).toBeUndefined();
  });

  it('waits for the departure step an instant inside a step takes effect in', () => {
    // 10:03:20 is inside the step 10:00-10:05: /routes plans from 10:00 until 10:05, and sees it then.
    expect(nextTimedChange([window('2026-12-03T10:03:20Z')], now, STEP)).toBe(at('2026-12-03T10:05:00Z'));
    // Started a minute ago, but not yet for departures planned from 10:00: due at 10:05 all the same.
    expect(nextTimedChange([window('2026-12-03T10:01:00Z')], now, STEP)).toBe(at('2026-12-03T10:05:00Z'));
    // An instant on a step is its own step.
    expect(nextTimedChange([window('2026-12-03T10:10:00Z')], now, STEP)).toBe(at('2026-12-03T10:10:00Z'));
    expect(nextTimedChange([window('2026-12-03T10:03:20Z')], now, 1)).toBe(at('2026-12-03T10:03:20Z'));
  });
});

describe('WatchTimer', () => {
  it('calls onDue once its instant has come, and not before', async () => {
    const start = Date.now();
    const due: number[] = [];
    let instant = new Date(start + 300).toISOString();
    const timer = new WatchTimer({
      disruptions: () => [window(instant)],
      onDue: async () => {
        due.push(Date.now());
      },
      stepMs: 1,
    });
    timer.arm();
    expect(timer.nextAt).toBe(Date.parse(instant));
    await new Promise((r) => setTimeout(r, 150));
    expect(due).toEqual([]);
    for (let i = 0; i < 100 && due.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(due).toHaveLength(1);
    expect(due[0]).toBeGreaterThanOrEqual(Date.parse(instant));
    // Nothing else is ahead: the timer is disarmed.
    expect(timer.nextAt).toBeUndefined();
    // Re-armed after a change, it waits for the new instant.
    instant = new Date(Date.now() + 100).toISOString();
    timer.arm();
    for (let i = 0; i < 100 && due.length === 1; i++) await new Promise((r) => setTimeout(r, 20));
    expect(due).toHaveLength(2);
    await timer.close();
  });

  it('reaches an instant beyond one wait by waiting again, and never fires early', async () => {
    const start = Date.now();
    const instant = start + 400;
    const due: number[] = [];
    const timer = new WatchTimer({
      disruptions: () => [window(new Date(instant).toISOString())],
      onDue: async () => {
        due.push(Date.now());
      },
      stepMs: 1,
      maxDelayMs: 60,
    });
    timer.arm();
    for (let i = 0; i < 100 && due.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(due).toHaveLength(1);
    expect(due[0]).toBeGreaterThanOrEqual(instant);
    await timer.close();
  });

  it('serves an instant that passed while onDue ran, right after it', async () => {
    const start = Date.now();
    const first = start + 100;
    const second = start + 150;
    const due: number[] = [];
    const timer = new WatchTimer({
      disruptions: () => [window(new Date(first).toISOString(), new Date(second).toISOString())],
      onDue: async () => {
        due.push(Date.now());
        // Longer than the gap to the second instant.
        await new Promise((r) => setTimeout(r, 200));
      },
      stepMs: 1,
    });
    timer.arm();
    for (let i = 0; i < 100 && due.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(due).toHaveLength(2);
    expect((due[1] ?? 0) - (due[0] ?? 0)).toBeGreaterThanOrEqual(190);
    await timer.close();
  });

  it('clamps its wait to what setTimeout takes (an instant a year ahead is one long wait)', async () => {
    const due: number[] = [];
    let reads = 0;
    const timer = new WatchTimer({
      disruptions: () => {
        reads++;
        return [window(new Date(Date.now() + 365 * 86_400_000).toISOString())];
      },
      onDue: async () => {
        due.push(Date.now());
      },
    });
    timer.arm();
    await new Promise((r) => setTimeout(r, 100));
    expect(due).toEqual([]);
    // Unclamped, setTimeout would overflow to 1 ms and the timer wake and re-arm every millisecond.
    expect(reads).toBe(1);
    expect(timer.nextAt).toBeGreaterThan(Date.now() + MAX_TIMER_DELAY_MS);
    await timer.close();
    expect(timer.nextAt).toBeUndefined();
  });
});
