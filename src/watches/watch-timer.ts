/**
 * When time alone changes watches' answers. A disruption written earlier comes into force at its `startsAt`
 * and ends at its `endsAt` with no write then, so no change of the state version tells the evaluator. The
 * timer finds the next such instant among the disruptions the mirror holds, and among the instants at which
 * cargo leaving then meets one of them down a watch's route (`instants`, watch-route-timing.ts), sleeps until
 * it (one timer, unref'd, re-armed in steps when it is further off than setTimeout can wait), and then calls
 * `onDue`, which re-plans the watches as a write would. Its owner re-arms it after each change of the live
 * state, after each evaluation of the watches and at start.
 *
 * Undated queries are planned from a departure rounded down to DEPARTURE_STEP_MS (live-context.ts), so an
 * instant that falls inside a step is seen by /routes, and so by a watch, only when the next step begins:
 * the timer wakes then.
 */
import type { Disruption } from '../domain/index.js';
import { DEPARTURE_STEP_MS } from '../http/serving/live-context.js';

/** The longest delay setTimeout takes (2^31 - 1 ms, about 24.8 days); a longer one fires at once. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** `t` raised to the next multiple of `step` (itself when it is one). */
function stepUp(t: number, step: number): number {
  const rest = ((t % step) + step) % step;
  return rest === 0 ? t : t + (step - rest);
}

/**
 * The first instant after `now` (epoch ms) at which a disruption's start or end reaches the departures
 * /routes plans from: each `startsAt` and `endsAt` raised to the departure step it takes effect in. Undefined
 * when none is ahead (no disruptions, or every one started and open-ended or over).
 */
export function nextTimedChange(
  disruptions: readonly Pick<Disruption, 'startsAt' | 'endsAt'>[],
  now: number,
  stepMs: number = DEPARTURE_STEP_MS,
): number | undefined {
  let next: number | undefined;
  for (const d of disruptions) {
    for (const instant of [d.startsAt, d.endsAt]) {
      if (instant === null) continue;
      const t = Date.parse(instant);
      if (Number.isNaN(t)) continue;
      const due = stepUp(t, stepMs);
      if (due > now && (next === undefined || due < next)) next = due;
    }
  }
  return next;
}

export interface WatchTimerOptions {
  /** The disruptions held now (the mirror's snapshot). */
  disruptions: () => readonly Pick<Disruption, 'startsAt' | 'endsAt'>[];
  /**
   * Further instants (epoch ms, already on the departure grid): those at which a watch's answer changes down
   * its route. The earliest after the instant sought from counts, with the disruptions' own.
   */
  instants?: () => Iterable<number>;
  /** Called at each instant found; the timer is armed again once it has settled. */
  onDue: () => Promise<unknown>;
  /** The clock, epoch ms (default: the system clock); the app's clock, so that tests can shift it. */
  now?: () => number;
  /** The longest single wait; a later instant is reached by re-arming (default MAX_TIMER_DELAY_MS). */
  maxDelayMs?: number;
  /** See nextTimedChange (default DEPARTURE_STEP_MS). */
  stepMs?: number;
}

export class WatchTimer {
  private timer: NodeJS.Timeout | undefined;
  private target: number | undefined;
  private firing: Promise<void> | undefined;
  private closed = false;
  private readonly now: () => number;
  private readonly maxDelayMs: number;
  private readonly stepMs: number;

  constructor(private readonly options: WatchTimerOptions) {
    this.now = options.now ?? Date.now;
    this.maxDelayMs = Math.min(options.maxDelayMs ?? MAX_TIMER_DELAY_MS, MAX_TIMER_DELAY_MS);
    this.stepMs = options.stepMs ?? DEPARTURE_STEP_MS;
  }

  /** The instant the timer waits for (epoch ms), if any. */
  get nextAt(): number | undefined {
    return this.target;
  }

  /**
   * Finds the next instant after `after` (default now) and sets the one timer for it, replacing the one set
   * before; an instant already past is due at once.
   */
  arm(after?: number): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const now = this.now();
    const from = after ?? now;
    let target = nextTimedChange(this.options.disruptions(), from, this.stepMs);
    for (const t of this.options.instants?.() ?? []) {
      if (t > from && (target === undefined || t < target)) target = t;
    }
    this.target = target;
    if (target === undefined) return;
    const delay = Math.min(Math.max(0, target - now), this.maxDelayMs);
    this.timer = setTimeout(() => this.fire(), delay);
    this.timer.unref();
  }

  private fire(): void {
    this.timer = undefined;
    const target = this.target;
    if (this.closed || target === undefined) return;
    // Woken early (a wait clamped to the setTimeout limit, or a clock behind the timer's): wait again.
    if (this.now() < target) {
      this.arm();
      return;
    }
    this.firing = this.options
      .onDue()
      .then(
        () => {},
        () => {},
      )
      .finally(() => {
        this.firing = undefined;
        // From the instant served, not from now: one that passed while onDue ran is served next, at once.
        this.arm(target);
      });
  }

  /** Stops the timer; resolves when a call of onDue in progress has settled. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.target = undefined;
    await this.firing;
  }
}
