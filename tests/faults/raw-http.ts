/** Raw-socket HTTP/1.1 clients for the fault scenarios: every byte and every socket error is seen as it is. */
import { connect, type Socket } from 'node:net';

export interface RawResponse {
  status: number;
  /** The header block, lower-cased names kept as sent. */
  headers: string;
  body: string;
}

/** Reads one header of a raw header block (case-insensitive name), or undefined. */
export function headerOf(headers: string, name: string): string | undefined {
  const match = new RegExp(`\\r\\n${name}:[ \\t]*([^\\r\\n]*)`, 'i').exec(headers);
  return match?.[1];
}

/** Splits a byte stream (latin1) of HTTP/1.1 responses with Content-Length; `rest` is any incomplete tail. */
export function parseResponses(stream: string): { responses: RawResponse[]; rest: string } {
  const responses: RawResponse[] = [];
  let at = 0;
  for (;;) {
    const end = stream.indexOf('\r\n\r\n', at);
    if (end < 0) break;
    const headers = stream.slice(at, end);
    const length = Number(headerOf(headers, 'content-length') ?? Number.NaN);
    if (!Number.isFinite(length) || end + 4 + length > stream.length) break;
    responses.push({
      status: Number(headers.slice(9, 12)),
      headers,
      body: Buffer.from(stream.slice(end + 4, end + 4 + length), 'latin1').toString('utf8'),
    });
    at = end + 4 + length;
  }
  return { responses, rest: stream.slice(at) };
}

export interface RawOutcome {
  responses: RawResponse[];
  /** Bytes after the last complete response (a response cut off). */
  rest: string;
  /** The socket error (ECONNRESET, EPIPE, ...), if any. */
  error?: string;
  /** Milliseconds from opening the socket to its close. */
  ms: number;
}

/** A raw client connection that records what it receives until the server closes it. */
export class RawClient {
  readonly socket: Socket;
  readonly closed: Promise<RawOutcome>;
  private received = '';
  private readonly listeners: Array<() => void> = [];

  constructor(port: number, firstBytes?: string) {
    const opened = performance.now();
    this.socket = connect(port, '127.0.0.1');
    this.socket.setEncoding('latin1');
    let error: string | undefined;
    this.socket.on('data', (d: string) => {
      this.received += d;
      for (const listener of this.listeners) listener();
    });
    this.socket.on('error', (e: NodeJS.ErrnoException) => {
      error = e.code ?? e.message;
    });
    this.closed = new Promise((resolve) => {
      this.socket.once('close', () => {
        const { responses, rest } = parseResponses(this.received);
        resolve({ responses, rest, ms: performance.now() - opened, ...(error ? { error } : {}) });
      });
    });
    if (firstBytes !== undefined) this.socket.write(firstBytes);
  }

  /** Resolves once `count` complete responses have arrived (or the socket closed first). */
  responses(count: number): Promise<RawResponse[]> {
    return new Promise((resolve) => {
      const check = () => {
        const { responses } = parseResponses(this.received);
        if (responses.length >= count) {
          this.socket.off('close', check);
          resolve(responses);
          return true;
        }
        return false;
      };
      if (check()) return;
      this.listeners.push(() => void check());
      this.socket.once('close', () => resolve(parseResponses(this.received).responses));
    });
  }
}

/** A GET request on a keep-alive HTTP/1.1 connection. */
export const getRequest = (path: string) => `GET ${path} HTTP/1.1\r\nHost: loopback\r\n\r\n`;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
