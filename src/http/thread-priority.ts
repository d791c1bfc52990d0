/**
 * The scheduling priority of route worker threads (route-worker.ts), kept apart from the worker's module so that
 * the pool can read it without running a worker.
 */
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/**
 * How many nice steps below the event loop a worker thread plans by default (ROUTE_WORKER_NICE). The workers
 * exist so that slow searches do not delay cheap answers; when every core is busy, the scheduler should also
 * give the event loop precedence over them (10 steps apart, a worker thread weighs about a ninth of the event
 * loop's thread). An idle core still runs a worker at full speed.
 */
export const DEFAULT_WORKER_NICE = 10;
/** The highest nice value (lowest priority) Linux allows. */
const MAX_NICE = 19;

/**
 * Lowers the scheduling priority of the calling thread only (not the process) by `steps` nice steps, at most to
 * the lowest. Linux keeps a nice value per thread, addressed by the thread id that /proc/thread-self names.
 * Returns whether it took effect: elsewhere (no /proc, or a system where the call would renice the whole
 * process), or when the process already runs at the lowest priority, nothing changes.
 */
export function lowerThreadPriority(steps: number = DEFAULT_WORKER_NICE): boolean {
  if (steps <= 0) return false;
  let threadId: number;
  try {
    threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return false;
  }
  if (!Number.isInteger(threadId) || threadId <= 0) return false;
  try {
    const current = getPriority(threadId);
    if (current >= MAX_NICE) return false;
    setPriority(threadId, Math.min(MAX_NICE, current + steps));
    return true;
  } catch {
    return false;
  }
}
