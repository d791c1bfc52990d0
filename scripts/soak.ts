/**
 * Soak test: starts the server on 127.0.0.1 with the embedded network (rate limiting off), drives it with
 * autocannon (100 connections, 60 s by default) over a mixed set of queries, and reports throughput, latency,
 * errors, answers with an unexpected status, and the server's resident memory over the run. It then stops
 * the server with SIGTERM and checks that it exits 0. Exits non-zero when any request failed, any answer had
 * a status other than the one expected for its query, or the shutdown was not clean.
 *
 *   npm run soak                        # 60 s, 100 connections
 *   SOAK_SECONDS=10 npm run soak        # a shorter run
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 100);
const HOST = '127.0.0.1';

/** The mix: mostly route queries of several kinds, plus discovery calls and two deliberate client errors. */
const QUERIES: { path: string; expect: number }[] = [
  { path: '/routes?origin=Xian&destination=Duisburg', expect: 200 },
  { path: '/routes?origin=Xian&destination=Duisburg&avoid=RU,BY&alternatives=2', expect: 200 },
  { path: '/routes?origin=Chengdu&destination=Budapest&avoid=RU,BY,IR&optimize=time', expect: 200 },
  { path: '/routes?origin=Chongqing&destination=Warsaw&optimize=co2&cargoTonnes=20', expect: 200 },
  { path: '/routes?origin=Xian&destination=Istanbul&avoid=RU,IR&format=geojson', expect: 200 },
  { path: '/routes?origin=Urumqi&destination=Constanta&avoidModes=ferry', expect: 200 },
  { path: '/routes?origin=Xian&destination=Duisburg&via=Aktau&avoid=RU', expect: 200 },
  { path: '/routes?origin=Xian&destination=Duisburg&avoid=RU,KZ,MN,IR', expect: 200 },
  { path: '/nodes?q=constanta', expect: 200 },
  { path: '/nodes?country=KZ&kind=port', expect: 200 },
  { path: '/nodes/KZ_AKTAU', expect: 200 },
  { path: '/countries', expect: 200 },
  { path: '/health', expect: 200 },
  { path: '/routes?origin=Atlantis&destination=Duisburg', expect: 404 },
  { path: '/routes?origin=Xian&destination=Duisburg&avoid=CN', expect: 422 },
];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Resident set size of a process, MiB (Linux /proc). */
function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return Math.round((kb / 1024) * 10) / 10;
}

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('server not ready after 30 s');
}

async function main(): Promise<void> {
  const port = await freePort();
  const url = `http://${HOST}:${port}`;
  let stderr = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      HOST,
      PORT: String(port),
      GRAPH_DATA_DIR: 'graph-data',
      RATE_LIMIT_MAX: '0',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const pid = child.pid as number;
  await waitReady(url, child);

  // Warm up (JIT, caches), then take the starting memory.
  for (const q of QUERIES) await fetch(`${url}${q.path}`).then((r) => r.arrayBuffer());
  const rssStart = rssMiB(pid);
  const samples: number[] = [rssStart];
  const sampler = setInterval(() => samples.push(rssMiB(pid)), 5_000);

  const unexpected = new Map<string, number>();
  const byStatus = new Map<number, number>();
  process.stdout.write(
    `soak: ${CONNECTIONS} connections for ${SECONDS} s against ${url} (${QUERIES.length} queries in the mix)\n`,
  );
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: QUERIES.map((q) => ({
      method: 'GET' as const,
      path: q.path,
      onResponse: (status: number) => {
        byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
        if (status !== q.expect) {
          const key = `${status} ${q.path}`;
          unexpected.set(key, (unexpected.get(key) ?? 0) + 1);
        }
      },
    })),
  });
  clearInterval(sampler);
  const rssEnd = rssMiB(pid);
  samples.push(rssEnd);

  const signalled = Date.now();
  child.kill('SIGTERM');
  const exitCode = await new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
  const shutdownMs = Date.now() - signalled;

  const unexpectedCount = [...unexpected.values()].reduce((a, b) => a + b, 0);
  const intendedErrors = QUERIES.filter((q) => q.expect >= 400).length;
  const report = {
    durationSeconds: SECONDS,
    connections: CONNECTIONS,
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.average),
    latencyMs: {
      p50: result.latency.p50,
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    errors: result.errors,
    timeouts: result.timeouts,
    status: Object.fromEntries([...byStatus].sort(([a], [b]) => a - b)),
    non2xx: result.non2xx,
    intendedNon2xxQueries: `${intendedErrors} of ${QUERIES.length} queries expect 404/422`,
    unexpectedStatus: unexpectedCount,
    rssMiB: { start: rssStart, end: rssEnd, max: Math.max(...samples), every5s: samples.join(' ') },
    shutdown: { exitCode, ms: shutdownMs },
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  for (const [key, count] of unexpected) process.stdout.write(`unexpected: ${count} x ${key}\n`);

  const failed = result.errors > 0 || result.timeouts > 0 || unexpectedCount > 0 || exitCode !== 0;
  if (failed) {
    process.stderr.write(`soak FAILED${stderr ? `; server stderr:\n${stderr.slice(-4000)}` : ''}\n`);
    process.exit(1);
  }
  process.stdout.write('soak passed: no errors, no unexpected status, clean shutdown\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`soak failed to run: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
