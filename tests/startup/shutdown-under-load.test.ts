/**
 * SIGTERM 30 ms after 100 uncached requests on keep-alive connections (most still in the accept queue), with
 * idle keep-alive connections open: every request gets a complete answer (200, or 503 with Retry-After and
 * Connection: close), no connection is reset, idle ones are closed cleanly, and the process exits 0. `npm run
 * chaos` runs the same scenario five times.
 */
import { describe, expect, it } from 'vitest';
import { sigtermUnderLoad } from '../faults/sigterm-under-load.js';

describe('SIGTERM under load', () => {
  it('answers every request already sent and resets no connection (two runs)', {
    timeout: 90_000,
  }, async () => {
    for (let run = 0; run < 2; run++) {
      const result = await sigtermUnderLoad({ requests: 100, idle: 10, delayMs: 30 });
      expect(result.failures, `run ${run}`).toEqual([]);
      expect(result.counts.resets).toBe(0);
      expect(result.counts.ok + result.counts.unavailable).toBe(100);
      expect(result.counts.idleClean).toBe(10);
      expect(result.exitCode).toBe(0);
    }
  });
});
