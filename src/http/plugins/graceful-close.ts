/**
 * Graceful close of a listening HTTP server: no response is ever cut. Node's server.close() destroys every
 * connection it deems idle, and it deems a connection idle as soon as its request has been parsed and its
 * response ended, even while that response is still being written to a slow client. This module tracks
 * connections itself and, while closing, closes only those with no response in flight and nothing left to
 * write, sweeping again until the server has closed (responses sent during shutdown carry Connection: close).
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionTracker {
  /** Closes the connections that are idle now; returns how many remain open. */
  closeIdle(): number;
  /** Keeps closing idle connections every intervalMs until the server has closed. */
  sweepUntilClosed(intervalMs?: number): void;
}

/** Installs the tracker on a server (before it listens) and makes server.close() use it. */
export function trackConnections(server: Server): ConnectionTracker {
  // Responses not yet fully handed to the OS, per connection.
  const inFlight = new Map<Socket, number>();

  server.on('connection', (socket: Socket) => {
    inFlight.set(socket, 0);
    socket.once('close', () => inFlight.delete(socket));
  });
  server.on('request', (request, response) => {
    const socket = request.socket;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    response.once('close', () => {
      if (inFlight.has(socket)) inFlight.set(socket, Math.max(0, (inFlight.get(socket) ?? 1) - 1));
    });
  });

  const closeIdle = (): number => {
    for (const [socket, pending] of inFlight) {
      if (pending === 0 && socket.writableLength === 0) {
        socket.destroy();
        inFlight.delete(socket);
      }
    }
    return inFlight.size;
  };

  // server.close() calls this (Node >= 19); ours spares the responses still being written.
  server.closeIdleConnections = () => {
    closeIdle();
  };

  return {
    closeIdle,
    sweepUntilClosed(intervalMs = 50) {
      const timer = setInterval(closeIdle, intervalMs);
      timer.unref();
      server.once('close', () => clearInterval(timer));
    },
  };
}
