import { existsSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';

/** Whether this process can run a thread below the calling thread's priority (Linux, not already at 19). */
export const CAN_RENICE =
  process.platform === 'linux' && existsSync('/proc/thread-self') && getPriority() < 19;

/**
 * The nice value of one thread of this process: the 19th field of /proc/self/task/<id>/stat (the 17th after the
 * command name, which may hold spaces). Undefined when the thread has ended since it was listed.
 */
export function niceOfThread(thread: string): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/self/task/${thread}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}
