/**
 * `npm run chaos`: the fault suite, on loopback only and bounded in time. It runs the real server (and a real
 * route worker pool) through:
 *
 * - SIGTERM under load, five times: 100 uncached requests on keep-alive connections, SIGTERM 30 ms later;
 *   no connection reset, every request answered (200, or 503 with Retry-After and Connection: close);
 * - route workers killed mid-job (an uncaught error, process.exit, terminate() from outside, a hang past the job
 *   timeout): no 5xx other than 503 with Retry-After, the worker replaced;
 * - 200 slow-header clients: each ended by a 408 within REQUEST_TIMEOUT_MS + 1 s while other clients are
 *   answered;
 * - the 29 forms of bad graph data (tests/startup/bad-data-forms.ts): each refused, naming file, record and field.
 *
 * Prints a summary and exits non-zero on any failure.
 */
import { rmSync } from 'node:fs';
import { loadNetwork } from '../src/domain/index.js';
import { sigtermUnderLoad } from '../tests/faults/sigterm-under-load.js';
import { slowHeaders } from '../tests/faults/slow-headers.js';
import { type FaultKind, workerFault } from '../tests/faults/worker-faults.js';
import { runServerToExit } from '../tests/helpers/spawn-server.js';
import { EMBEDDED_DIR } from '../tests/helpers/test-app.js';
import { BAD_DATA_FORMS, brokenCopy, limiter, refusalProblems } from '../tests/startup/bad-data-forms.js';

interface Outcome {
  name: string;
  ok: boolean;
  summary: string;
  failures: string[];
  ms: number;
}

const outcomes: Outcome[] = [];

async function scenario(
  name: string,
  run: () => Promise<{ summary: string; failures: string[] }>,
): Promise<void> {
  const started = performance.now();
  let result: { summary: string; failures: string[] };
  try {
    result = await run();
  } catch (error) {
    result = {
      summary: 'crashed',
      failures: [error instanceof Error ? (error.stack ?? error.message) : String(error)],
    };
  }
  const outcome = { name, ok: result.failures.length === 0, ...result, ms: performance.now() - started };
  outcomes.push(outcome);
  process.stdout.write(
    `${outcome.ok ? 'ok  ' : 'FAIL'} ${name}: ${outcome.summary} (${(outcome.ms / 1000).toFixed(1)} s)\n`,
  );
  for (const failure of outcome.failures.slice(0, 10)) process.stdout.write(`       ${failure}\n`);
  if (outcome.failures.length > 10)
    process.stdout.write(`       ... and ${outcome.failures.length - 10} more\n`);
}

const started = performance.now();

for (let run = 1; run <= 5; run++) {
  await scenario(`SIGTERM under load, run ${run} of 5`, async () => {
    const r = await sigtermUnderLoad({ requests: 100, idle: 10, delayMs: 30 });
    const c = r.counts;
    return {
      summary: `${c.ok} × 200, ${c.unavailable} × 503, ${c.resets} resets, ${c.cut} cut, ${c.idleClean}/10 idle closed cleanly, exit ${r.exitCode} ${Math.round(r.exitMs)} ms after the signal`,
      failures: r.failures,
    };
  });
}

const network = loadNetwork(EMBEDDED_DIR);
for (const kind of ['throw', 'exit', 'terminate', 'hang', 'saturate'] as FaultKind[]) {
  await scenario(`route worker fault: ${kind}`, async () => {
    const r = await workerFault(kind, {
      network,
      dataDir: EMBEDDED_DIR,
      ...(kind === 'saturate' ? { queries: 60, workers: 1 } : {}),
    });
    const statuses = Object.entries(r.statuses)
      .map(([status, n]) => `${n} × ${status}`)
      .join(', ');
    const failures = [...r.failures];
    const fivexx = Object.keys(r.statuses).filter((s) => s.startsWith('5') && s !== '503');
    if (fivexx.length > 0) failures.push(`5xx other than 503: ${fivexx.join(', ')}`);
    if (kind !== 'saturate' && r.restarts !== 1) failures.push(`${r.restarts} restarts, expected 1`);
    if (kind === 'saturate' && !r.statuses[503]) failures.push('nothing was shed');
    return {
      summary: `${statuses}; ${r.restarts} restart(s); /health degraded meanwhile: ${r.degradedSeen}; recovered: ${r.recovered}`,
      failures,
    };
  });
}

await scenario('200 slow-header clients', async () => {
  const r = await slowHeaders({ clients: 200, requestTimeoutMs: 3_000 });
  return {
    summary: `${r.ended408}/200 ended by 408 within 4000 ms (slowest ${Math.round(r.slowestMs)} ms); ${r.othersAnswered} other requests answered meanwhile`,
    failures: r.failures,
  };
});

await scenario('29 forms of bad graph data', async () => {
  const oneOf = limiter(3);
  const failures: string[] = [];
  let refused = 0;
  await Promise.all(
    BAD_DATA_FORMS.map((form) =>
      oneOf(async () => {
        const dir = brokenCopy(form);
        try {
          const t = performance.now();
          const exit = await runServerToExit({ GRAPH_DATA_DIR: dir }, 60_000);
          const problems = refusalProblems(form, exit, performance.now() - t);
          if (problems.length === 0) refused++;
          else failures.push(`${form.name}: ${problems.join('; ')}`);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
    ),
  );
  return { summary: `${refused}/${BAD_DATA_FORMS.length} refused naming file, record and field`, failures };
});

const failed = outcomes.filter((o) => !o.ok);
process.stdout.write(
  `\nchaos: ${outcomes.length - failed.length}/${outcomes.length} scenarios passed in ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
);
process.exit(failed.length === 0 ? 0 : 1);
