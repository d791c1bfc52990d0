/** Starts the real server (src/server.ts) as a child process, for startup, shutdown and wiring tests. */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningServer {
  child: ChildProcess;
  port: number;
  url: string;
  /** Resolves when the process has exited and its output has been read to the end. */
  exited: Promise<Exit>;
  output(): { stdout: string; stderr: string };
}

function collect(child: ChildProcess) {
  const out = { stdout: '', stderr: '' };
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    out.stdout += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    out.stderr += d;
  });
  // 'close' comes after 'exit' once the child's pipes are closed too, so everything it wrote is in `out`.
  const exited = new Promise<Exit>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal, ...out }));
  });
  return { out, exited };
}

/**
 * Runs the server (src/server.ts, through tsx in this node binary: no npx wrapper to start first) and waits
 * for it to exit; for data that must not start.
 */
export function runServerToExit(env: Record<string, string>, timeoutMs = 30_000): Promise<Exit> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { exited } = collect(child);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return exited.finally(() => clearTimeout(timer));
}

/**
 * Starts the server in this node binary (so that signals reach it, not an npx wrapper) on a free loopback
 * port and resolves once it listens.
 */
export async function startServer(env: Record<string, string>, timeoutMs = 30_000): Promise<RunningServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { out, exited } = collect(child);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not listen in time:\n${out.stderr}`)),
      timeoutMs,
    );
    const onData = () => {
      const match = /listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(out.stdout);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', onData);
    void exited.then((e) => {
      clearTimeout(timer);
      reject(new Error(`server exited before listening (${e.code}):\n${e.stderr}`));
    });
  });
  return { child, port, url: `http://127.0.0.1:${port}`, exited, output: () => ({ ...out }) };
}
