import { createRequire } from 'node:module';
import { getPriority } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { lowerThreadPriority } from '../../src/http/serving/thread-priority.js';
import { CAN_RENICE } from '../helpers/threads.js';

/** Runs lowerThreadPriority in a new worker thread with each of `calls`, and returns what each call returned. */
function inWorker(calls: number[]): Promise<{ applied: number[]; niceBefore: number; niceAfter: number }> {
  const tsx = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const module = new URL('../../src/http/serving/thread-priority.ts', import.meta.url).href;
  const code = `
    const { parentPort, workerData } = await import('node:worker_threads');
    const { getPriority } = await import('node:os');
    (await import(${JSON.stringify(tsx)})).register();
    const { lowerThreadPriority } = await import(${JSON.stringify(module)});
    const niceBefore = getPriority();
    const applied = workerData.map((steps) => lowerThreadPriority(steps));
    parentPort.postMessage({ applied, niceBefore, niceAfter: getPriority() });
  `;
  return new Promise((resolve, reject) => {
    const worker = new Worker(`(async () => {${code}})();`, {
      eval: true,
      workerData: calls,
    });
    worker.once('message', (message) => {
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

describe('lowerThreadPriority', () => {
  it('changes nothing for 0, negative or non-numeric steps', () => {
    const before = getPriority();
    expect(lowerThreadPriority(0)).toBe(0);
    expect(lowerThreadPriority(-3)).toBe(0);
    expect(lowerThreadPriority(Number.NaN)).toBe(0);
    expect(getPriority()).toBe(before);
  });

  it.runIf(CAN_RENICE)('lowers the calling thread only, stops at 19 and says how far it went', async () => {
    const loop = getPriority();
    const { applied, niceBefore, niceAfter } = await inWorker([3, 40, 5]);
    expect(niceBefore).toBe(loop);
    expect(applied).toEqual([Math.min(3, 19 - loop), 19 - Math.min(19, loop + 3), 0]);
    expect(niceAfter).toBe(19);
    expect(getPriority()).toBe(loop);
  });
});
