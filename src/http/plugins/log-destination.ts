/**
 * Where the server's log lines go: standard output through pino's own destination (SonicBoom), written
 * asynchronously: lines that arrive while a write is under way are gathered and written together when it
 * ends, so under load the event loop makes one write system call per batch, never waits for a full pipe, and
 * at low traffic every line still goes out at once. pino flushes what is left when the process exits.
 */
import pino from 'pino';

/** The asynchronous destination of file descriptor `fd` (standard output by default). */
export function logDestination(fd = 1): pino.DestinationStream {
  return pino.destination({ dest: fd, sync: false });
}
