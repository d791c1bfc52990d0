/**
 * Graceful close of a listening HTTP server: no response is ever cut and no request already sent is reset.
 *
 * - The listener stays open until the accept backlog is drained (acceptBacklog): connections the kernel has
 *   completed while the event loop was busy are accepted and answered (closing the listener would reset them).
 * - Node's server.close() destroys every connection it deems idle, and it deems a connection idle as soon as its
 *   request has been parsed and its response ended, even while that response is still being written to a slow
 *   client. This module tracks connections itself and, while closing, closes only those with no response in
 *   flight and nothing left to write, and only once they have been idle over two sweeps, so that a request that
 *   had reached the socket before the first sweep has been read (and is answered) before the second. It sweeps
 *   again until the server has closed (responses sent during shutdown carry Connection: close).
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionTracker {
  /** Closes the connections found idle at the previous call and still idle now; returns how many remain open. */
  closeIdle(): number;
  /** Keeps closing idle connections every intervalMs until the server has closed. */
  sweepUntilClosed(intervalMs?: number): void;
  /**
   * Resolves once the accept backlog is drained: no new connection over `quietTurns` timer turns of
   * `intervalMs` that ran on time, and for twice as long as they take (an event loop busy planning accepts nothing), or, after `maxMs` (clients that
   * keep connecting), at the first turn on time; at the latest after `hardMaxMs`.
   */
  acceptBacklog(options?: {
    intervalMs?: number;
    quietTurns?: number;
    maxMs?: number;
    hardMaxMs?: number;
  }): Promise<void>;
  /** Connections accepted since the tracker was installed. */
  readonly accepted: number;
}

interface Tracked {
  /** Responses not yet fully handed to the OS. */
  pending: number;
  /** The sweep at which the connection was first seen idle (undefined: busy since the last sweep). */
  idleAt: number | undefined;
  /** Requests seen on it so far. */
  requests: number;
  acceptedAt: number;
}

/**
 * A connection that has not sent a request yet is spared this long after it was accepted: one taken from the
 * backlog by a busy event loop may not have been read yet.
 */
export const FRESH_CONNECTION_GRACE_MS = 1_000;

/** Where a response keeps the record of its connection until it closes. */
const TRACKED = Symbol('trackedConnection');
type TrackedResponse = ServerResponse & { [TRACKED]?: Tracked };

/** A response has been handed to the OS (or its connection is gone): one response fewer in flight. */
function responseClosed(this: TrackedResponse): void {
  const tracked = this[TRACKED];
  if (tracked === undefined) return;
  this[TRACKED] = undefined;
  tracked.pending = Math.max(0, tracked.pending - 1);
  tracked.idleAt = undefined;
}

/** Installs the tracker on a server (before it listens) and makes server.close() use it. */
export function trackConnections(server: Server): ConnectionTracker {
  const connections = new Map<Socket, Tracked>();
  let accepted = 0;
  let sweep = 0;

  server.on('connection', (socket: Socket) => {
    accepted++;
    connections.set(socket, { pending: 0, idleAt: undefined, requests: 0, acceptedAt: performance.now() });
    socket.once('close', () => connections.delete(socket));
  });
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const tracked = connections.get(request.socket);
    if (!tracked) return;
    tracked.pending++;
    tracked.requests++;
    tracked.idleAt = undefined;
    // One shared listener (it runs once: 'close' is a response's last event), the connection's record on the
    // response: no closure per request.
    (response as TrackedResponse)[TRACKED] = tracked;
    response.on('close', responseClosed);
  });

  const closeIdle = (): number => {
    sweep++;
    const now = performance.now();
    for (const [socket, tracked] of connections) {
      const fresh = tracked.requests === 0 && now - tracked.acceptedAt < FRESH_CONNECTION_GRACE_MS;
      if (tracked.pending > 0 || socket.writableLength > 0 || fresh) {
        tracked.idleAt = undefined;
      } else if (tracked.idleAt === undefined) {
        tracked.idleAt = sweep;
      } else if (tracked.idleAt < sweep) {
        socket.destroy();
        connections.delete(socket);
      }
    }
    return connections.size;
  };

  // server.close() calls this (Node >= 19); ours spares the responses still being written.
  server.closeIdleConnections = () => {
    closeIdle();
  };

  return {
    closeIdle,
    get accepted() {
      return accepted;
    },
    sweepUntilClosed(intervalMs = 50) {
      const timer = setInterval(closeIdle, intervalMs);
      timer.unref();
      server.once('close', () => clearInterval(timer));
    },
    acceptBacklog({ intervalMs = 20, quietTurns = 3, maxMs = 1_000, hardMaxMs = 5_000 } = {}) {
      const started = performance.now();
      const minQuietMs = quietTurns * intervalMs * 2;
      return new Promise<void>((resolve) => {
        let seen = accepted;
        let quietSince = started;
        let quiet = 0;
        let previous = started;
        const turn = () => {
          const now = performance.now();
          const onTime = now - previous < 2 * intervalMs;
          previous = now;
          if (onTime && accepted === seen) quiet++;
          else {
            quiet = 0;
            quietSince = now;
          }
          seen = accepted;
          const elapsed = now - started;
          const settled = quiet >= quietTurns && now - quietSince >= minQuietMs;
          if (settled || (elapsed >= maxMs && onTime) || elapsed >= hardMaxMs) resolve();
          else setTimeout(turn, intervalMs);
        };
        setTimeout(turn, intervalMs);
      });
    },
  };
}
