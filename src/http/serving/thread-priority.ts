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
 * Lowers the scheduling priority of the calling thread only (not the process) by `steps` nice steps, stopping at
 * the lowest (19). Linux keeps a nice value per thread, addressed by the thread id that /proc/thread-self names;
 * the link must name this process (a /proc mounted for another PID namespace names other threads). Returns the
 * number of steps actually applied: 0 off Linux, without /proc, or when the thread already runs at the lowest
 * priority.
 *
 * Threads the calling thread starts afterwards inherit its nice value. Node's file-system thread pool is started
 * by the main thread while it loads its modules, long before any worker exists, so it keeps the event loop's.
 */
export function lowerThreadPriority(steps: number = DEFAULT_WORKER_NICE): number {
  if (process.platform !== 'linux' || !(steps > 0)) return 0;
  let link: string;
  try {
    link = readlinkSync('/proc/thread-self');
  } catch {
    return 0;
  }
  // "<pid>/task/<thread id>"
  const [pid, task, tid] = link.split('/');
  const threadId = Number(tid);
  if (Number(pid) !== process.pid || task !== 'task' || !Number.isInteger(threadId) || threadId <= 0)
    return 0;
  try {
    const current = getPriority(threadId);
    const target = Math.min(MAX_NICE, current + Math.floor(steps));
    if (target <= current) return 0;
    setPriority(threadId, target);
    return target - current;
  } catch {
    return 0;
  }
}
