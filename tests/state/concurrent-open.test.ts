/**
 * Processes that start together on a new SQLite file (replicas sharing a volume, a server and the CLI) all
 * open it: the one that loses the race to create the schema finds it created, instead of failing the start.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStateStore } from '../../src/state/index.js';
import { ROOT } from '../helpers/spawn-server.js';

const dir = mkdtempSync(join(tmpdir(), 'efr-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function openAt(path: string, at: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'tests/fixtures/open-store-at.ts', path, String(at)],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('opening one new SQLite store from several processes at once', () => {
  it('succeeds in every process and migrates the schema once', { timeout: 120_000 }, async () => {
    for (const round of [1, 2]) {
      const path = join(dir, `state-${round}.sqlite`);
      // Far enough ahead that every process has loaded before the moment comes, even on a busy machine.
      const at = Date.now() + 6_000;
      const results = await Promise.all([1, 2, 3, 4].map(() => openAt(path, at)));
      for (const r of results) expect(r.code, r.stderr).toBe(0);
      expect(results.map((r) => r.stdout.trim())).toEqual(['1', '1', '1', '1']);
      const store = await openStateStore({ engine: 'sqlite', path });
      try {
        expect(await store.version()).toBe(1);
      } finally {
        await store.close();
      }
    }
  });
});
