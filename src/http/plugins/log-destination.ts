/**
 * Where the server's log lines go: standard output, written once per turn of the event loop instead of once per
 * line. pino's default destination makes one synchronous write system call per line, which under load costs
 * more than answering a cached request; batching the lines of one turn keeps every line, in order, for a few
 * hundred microseconds at most. What is still buffered is written synchronously when the process exits
 * (normally, by process.exit, or on an uncaught exception).
 */
import { writeSync } from 'node:fs';

/** A batch is written at once when it reaches this many characters. */
const MAX_BATCH_CHARS = 64 * 1024;

export interface LogDestination {
  write(line: string): void;
  /** Writes what is buffered now. */
  flush(): void;
}

/** Writes the whole text to a file descriptor, retrying when a non-blocking pipe is momentarily full. */
function writeAll(fd: number, text: string): void {
  let rest = Buffer.from(text);
  while (rest.length > 0) {
    try {
      rest = rest.subarray(writeSync(fd, rest));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
}

/** A destination that batches lines per event-loop turn into `fd` (standard output by default). */
export function batchedDestination(fd = 1): LogDestination {
  let pending: string[] = [];
  let chars = 0;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const text = pending.length === 1 ? (pending[0] as string) : pending.join('');
    pending = [];
    chars = 0;
    writeAll(fd, text);
  };
  process.on('exit', flush);
  return {
    write(line) {
      pending.push(line);
      chars += line.length;
      if (chars >= MAX_BATCH_CHARS) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}
