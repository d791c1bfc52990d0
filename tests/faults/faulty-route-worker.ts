/**
 * A route worker that fails on purpose, for the fault tests: the real worker (src/http/serving/route-worker.ts),
 * with a listener in front that, on a query with `cargoTonnes` equal to workerData.fault.cargoTonnes, throws
 * (an uncaught error in the thread), calls process.exit, or hangs (a busy loop), as workerData.fault.kind says.
 * workerData.fault.budget (an Int32Array on a SharedArrayBuffer, shared by every worker of the pool) bounds how
 * many times it fails in all.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerRequest } from '../../src/http/serving/route-worker.js';

export interface WorkerFault {
  kind: 'throw' | 'exit' | 'hang';
  cargoTonnes: number;
  budget: Int32Array;
}

const { fault } = workerData as { fault?: WorkerFault };
parentPort?.on('message', (message: WorkerRequest) => {
  if (!fault || message.query.cargoTonnes !== fault.cargoTonnes) return;
  if (Atomics.sub(fault.budget, 0, 1) <= 0) return;
  if (fault.kind === 'exit') process.exit(7);
  if (fault.kind === 'hang') for (;;) {}
  throw new Error('injected route worker fault');
});
await import('../../src/http/serving/route-worker.js');
