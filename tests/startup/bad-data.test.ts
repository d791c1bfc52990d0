/**
 * The server refuses to start on corrupt or inconsistent graph data: non-zero exit and a message on stderr
 * naming the file, the record and the field. Each form (bad-data-forms.ts, shared with `npm run chaos`) copies
 * the fixture network, breaks one thing, and runs the server (src/server.ts) with GRAPH_DATA_DIR pointing at the
 * copy.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runServerToExit, startServer } from '../helpers/spawn-server.js';
import { BAD_DATA_FORMS, brokenCopy, limiter, refusalProblems } from './bad-data-forms.js';

/** Servers starting at once (each is a tsx process loading the app). */
const oneOf = limiter(3);

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the server refuses to start on bad graph data', () => {
  it('covers the 29 forms', () => {
    expect(BAD_DATA_FORMS).toHaveLength(29);
    expect(new Set(BAD_DATA_FORMS.map((f) => f.name)).size).toBe(29);
  });

  it.concurrent.each(BAD_DATA_FORMS.map((form) => [form.name, form] as const))(
    '%s',
    { timeout: 300_000 },
    async (_name, form) => {
      const dir = brokenCopy(form);
      dirs.push(dir);
      const { exit, ms } = await oneOf(async () => {
        const started = performance.now();
        const exit = await runServerToExit({ GRAPH_DATA_DIR: dir }, 60_000);
        return { exit, ms: performance.now() - started };
      });
      expect(refusalProblems(form, exit, ms)).toEqual([]);
    },
  );

  it.concurrent('the unbroken copy starts (each form fails for its fault alone)', {
    timeout: 300_000,
  }, async () => {
    const dir = brokenCopy({ file: 'seas.json', edit: () => {} });
    dirs.push(dir);
    const exit = await oneOf(async () => {
      const server = await startServer({ GRAPH_DATA_DIR: dir, LOG_LEVEL: 'info' }, 60_000);
      server.child.kill('SIGTERM');
      return server.exited;
    });
    expect(exit.code).toBe(0);
  });
});
