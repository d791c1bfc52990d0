/**
 * HTTP benchmark: the production server (`node dist/server.js`, embedded network, rate limiting off) against a
 * bare Fastify server that answers the same paths with a precomputed body as large as the average /routes
 * answer (ASCII padding), and against the same bare server answering with the bytes of one real answer of about
 * that size, and against a floor: that bare server plus only the headers, request id and request log every
 * production answer carries (FLOOR_SERVER), the most a cache hit could reach. Rounds alternate the references,
 * the cache-hit mix and the all-miss mix (a second server with ROUTE_CACHE_SIZE=0),
 * with the servers pinned to core 0 and the load generator to core 1, and print req/s, p50/p99, the ratios and
 * the cache hit rate (from the `x-cache` header).
 *
 * A ratio of requests per second only measures the servers while the load generator keeps up. So every run
 * also reports the servers' own CPU time per request (from /proc) and how busy the load generator's core was:
 * when the load generator is the busier of the two, the CPU-per-request ratio is the one that measures the
 * servers. When wrk is installed (it does not decode bodies and costs far less per request than autocannon),
 * the same rounds are repeated with it as a cross-check.
 *
 * Then, on a synthetic network of 100,000 nodes loaded through GRAPH_DATA_DIR (load time reported), the p50/p99
 * of cache hits while idle and while uncached queries run (sent by a second process), with the worker pool
 * (ROUTE_WORKERS=auto) and without it (ROUTE_WORKERS=0); that server is not pinned, so that its worker thread
 * has the second core.
 *
 * Run: npm run bench [-- --seconds 5 --rounds 3 --connections 10 --large 100000 (0 skips it) --wrk 0 (skip wrk)
 *   --main 0 (only the large network)]
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { loadNetwork } from '../src/domain/index.js';
import { seededRandom } from './seeded-random.js';
import { writeSyntheticNetwork } from './synthetic-network.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg('seconds', 5);
const ROUNDS = arg('rounds', 3);
const CONNECTIONS = arg('connections', 10);
const DISTINCT = arg('queries', 1200);
const LARGE = arg('large', 100_000);
const MAIN = arg('main', 1) !== 0;
const HAS_WRK = arg('wrk', 1) !== 0 && spawnSync('sh', ['-c', 'command -v wrk']).status === 0;

const HAS_TASKSET = spawnSync('sh', ['-c', 'command -v taskset']).status === 0;
const pin = (core: number, command: string[]) =>
  HAS_TASKSET ? ['taskset', '-c', String(core), ...command] : command;

// Seeded, so every run sends the same queries.
const random = seededRandom(7);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

/** Distinct /routes paths: Asian origins, European destinations, avoid sets and metrics as planners use them. */
function queryMix(count: number): string[] {
  const network = loadNetwork(`${ROOT}graph-data`);
  const asia = new Set(['CN', 'KZ', 'UZ', 'KG', 'TM', 'MN']);
  const europe = new Set([
    'DE',
    'PL',
    'NL',
    'BE',
    'FR',
    'ES',
    'IT',
    'AT',
    'CZ',
    'HU',
    'SK',
    'RO',
    'BG',
    'SI',
    'LT',
  ]);
  const origins = network.nodes.filter((n) => asia.has(n.country)).map((n) => n.id);
  const destinations = network.nodes.filter((n) => europe.has(n.country)).map((n) => n.id);
  const avoidSets = ['', 'RU,BY', 'RU,BY,GE', 'IR', 'RU,BY'];
  const metrics = ['distance', 'time', 'co2'];
  const paths = new Set<string>();
  for (let guard = 0; paths.size < count && guard < count * 20; guard++) {
    const params = new URLSearchParams({ origin: pick(origins), destination: pick(destinations) });
    const avoid = pick(avoidSets);
    if (avoid) params.set('avoid', avoid);
    const metric = pick(metrics);
    if (metric !== 'distance' || random() < 0.5) params.set('optimize', metric);
    paths.add(`/routes?${params.toString().replaceAll('%2C', ',')}`);
  }
  return [...paths];
}

const children: ChildProcess[] = [];
function start(name: string, command: string[], env: Record<string, string>, capture = false): ChildProcess {
  const child = spawn(command[0] as string, command.slice(1), {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', capture ? 'pipe' : 'ignore', capture ? 'pipe' : 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (code !== null && code !== 0) process.stderr.write(`${name} exited with ${code ?? signal}\n`);
  });
  children.push(child);
  return child;
}
const stopAll = () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
};
process.on('exit', stopAll);

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} did not answer in 60 s`);
}

const BARE_SERVER = `
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
// An ASCII padding body, or (BODY_FILE) the bytes of a real answer, sent as they are.
const body = process.env.BODY_FILE
  ? readFileSync(process.env.BODY_FILE)
  : JSON.stringify({ padding: 'x'.repeat(Math.max(0, Number(process.env.BODY_BYTES) - 15)) });
const app = Fastify({ logger: false });
app.get('/routes', async (_request, reply) => reply.type('application/json; charset=utf-8').header('x-cache', 'hit').send(body));
app.get('/health', async () => ({ status: 'ok' }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
`;

/**
 * The floor a cache hit stands on: bare Fastify plus only what every production answer carries, done the
 * simplest way: the production server's own response headers (copied from one of its answers), a request id per
 * request (a UUID, echoed in x-request-id), and the production one-line request log at info level through the
 * production log destination. It answers every path from a map of URLs, with one real answer as bytes. What it
 * costs over the bare server sending the same bytes is what no cache, however fast, can save.
 */
const FLOOR_SERVER = `
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
const { appLoggerOptions, OneLinePerRequest } = await import(process.env.DIST + 'http/plugins/request-log.js');
const { logDestination } = await import(process.env.DIST + 'http/plugins/log-destination.js');
const body = readFileSync(process.env.BODY_FILE);
const headers = JSON.parse(process.env.HEADERS_JSON);
const answers = new Map(JSON.parse(readFileSync(process.env.PATHS_FILE, 'utf8')).map((p) => [p, body]));
const app = Fastify({
  logger: appLoggerOptions({ level: 'info', stream: logDestination() }),
  logController: new OneLinePerRequest(),
  genReqId: () => randomUUID(),
  // Answers are looked up by URL: the query string needs no parsing.
  routerOptions: { querystringParser: () => ({}) },
});
app.addHook('onRequest', (request, reply, done) => {
  reply.header('x-request-id', request.id).headers(headers);
  const answer = answers.get(request.url);
  if (answer === undefined) return done();
  reply.header('x-cache', 'hit').type('application/json; charset=utf-8').send(answer);
});
app.get('/routes', async (_request, reply) => reply.code(404).send());
app.get('/health', async () => ({ status: 'ok' }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
`;

/** Response headers of a production answer that do not depend on the request or the body. */
const PER_ANSWER_HEADERS = new Set([
  'date',
  'connection',
  'keep-alive',
  'content-length',
  'content-type',
  'x-request-id',
  'x-cache',
]);

interface RunResult {
  rps: number;
  p50: number;
  p99: number;
  hits: number;
  misses: number;
  errors: number;
  /** Server CPU time (user + system, all threads) per answered request, µs; NaN where /proc is missing. */
  serverUs: number;
  /** Share of one core the load generator used during the run (autocannon only). */
  clientBusy: number;
}

const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;

/** CPU time used so far by a process (all its threads), in µs, from /proc/<pid>/stat; NaN without /proc. */
function processCpuUs(pid: number | undefined): number {
  const file = `/proc/${pid}/stat`;
  if (pid === undefined || !existsSync(file)) return Number.NaN;
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const stat = readFileSync(file, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1e6;
}

async function load(
  base: string,
  paths: readonly string[],
  seconds: number,
  pid?: number,
): Promise<RunResult> {
  const counts = { hits: 0, misses: 0, errors: 0 };
  const onResponse = (
    status: number,
    _body: string,
    _context: object,
    headers?: import('node:http').IncomingHttpHeaders,
  ) => {
    if (status !== 200) counts.errors++;
    else if (headers?.['x-cache'] === 'hit') counts.hits++;
    else counts.misses++;
  };
  const serverBefore = processCpuUs(pid);
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: seconds,
    requests: paths.map((path) => ({ method: 'GET' as const, path, onResponse })),
  });
  const elapsedUs = (performance.now() - started) * 1000;
  const client = process.cpuUsage(clientBefore);
  const answered = counts.hits + counts.misses + counts.errors;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ...counts,
    serverUs: (processCpuUs(pid) - serverBefore) / Math.max(1, answered),
    clientBusy: (client.user + client.system) / elapsedUs,
  };
}

/** The same run with wrk (one thread, pinned to core 1), cycling through the paths. */
function loadWithWrk(base: string, script: string, seconds: number, pid?: number): RunResult {
  const serverBefore = processCpuUs(pid);
  const out = spawnSync(
    pin(1, ['wrk'])[0] as string,
    [
      ...pin(1, ['wrk']).slice(1),
      '-t1',
      `-c${CONNECTIONS}`,
      `-d${seconds}s`,
      '--latency',
      '-s',
      script,
      base,
    ],
    { encoding: 'utf8' },
  ).stdout;
  const total = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  const ms = (label: string) => {
    const m = new RegExp(`\\s${label}%\\s+([\\d.]+)(us|ms|s)`).exec(out);
    if (!m) return Number.NaN;
    const value = Number(m[1]);
    return m[2] === 'us' ? value / 1000 : m[2] === 's' ? value * 1000 : value;
  };
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0),
    p50: ms('50'),
    p99: ms('99'),
    hits: 0,
    misses: 0,
    errors: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
    serverUs: (processCpuUs(pid) - serverBefore) / Math.max(1, total),
    clientBusy: Number.NaN,
  };
}

/** A wrk script that sends the paths in turn. */
function wrkScript(dir: string, paths: readonly string[]): string {
  const file = join(dir, 'paths.lua');
  writeFileSync(
    file,
    `local paths = {${paths.map((p) => JSON.stringify(p)).join(',\n')}}
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
`,
  );
  return file;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? (s[(s.length - 1) / 2] as number)
    : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};
const fmt = (r: RunResult) =>
  `${r.rps.toFixed(0).padStart(7)} req/s  p50 ${String(r.p50).padStart(4)} ms  p99 ${String(r.p99).padStart(4)} ms`;

async function main(): Promise<void> {
  if (HAS_TASKSET) spawnSync('taskset', ['-pc', '1', String(process.pid)], { stdio: 'ignore' });
  else process.stdout.write('taskset not found: server and load generator are not pinned\n');

  const paths = queryMix(DISTINCT);
  const serverEnv = { HOST: '127.0.0.1', RATE_LIMIT_MAX: '0' };
  const hitServer = start('server (cache on)', pin(0, ['node', 'dist/server.js']), {
    ...serverEnv,
    PORT: '3101',
  });
  const missServer = start('server (cache off)', pin(0, ['node', 'dist/server.js']), {
    ...serverEnv,
    PORT: '3102',
    ROUTE_CACHE_SIZE: '0',
  });
  await waitFor('http://127.0.0.1:3101/health');
  await waitFor('http://127.0.0.1:3102/health');

  // One pass over the mix: checks every query answers 200, fills the cache, and sizes the bare body.
  let bytes = 0;
  const ok: string[] = [];
  const bodies: Buffer[] = [];
  for (const path of paths) {
    const res = await fetch(`http://127.0.0.1:3101${path}`);
    const body = Buffer.from(await res.arrayBuffer());
    if (res.status === 200) {
      ok.push(path);
      bodies.push(body);
      bytes += body.length;
    }
  }
  const avgBytes = Math.round(bytes / Math.max(1, ok.length));
  // autocannon decodes every body to a string, so what a body holds costs the load generator too; a second
  // bare server answers with a real answer of about the average size, so that this comparison costs the load
  // generator the same on both sides.
  const realBody = bodies.reduce((best, b) =>
    Math.abs(b.length - avgBytes) < Math.abs(best.length - avgBytes) ? b : best,
  );
  const bodyDir = mkdtempSync(join(tmpdir(), 'bench-http-body-'));
  const bodyFile = join(bodyDir, 'answer.json');
  writeFileSync(bodyFile, realBody);
  process.on('exit', () => rmSync(bodyDir, { recursive: true, force: true }));
  process.stdout.write(
    `query mix: ${ok.length} distinct /routes queries answering 200 (of ${paths.length}); average body ${avgBytes} bytes\n`,
  );
  const bareServer = start('bare fastify', pin(0, ['node', '--input-type=module', '-e', BARE_SERVER]), {
    PORT: '3103',
    BODY_BYTES: String(avgBytes),
  });
  const realServer = start(
    'bare fastify, real answer',
    pin(0, ['node', '--input-type=module', '-e', BARE_SERVER]),
    {
      PORT: '3104',
      BODY_FILE: bodyFile,
    },
  );
  const sample = await fetch(`http://127.0.0.1:3101${ok[0]}`);
  await sample.arrayBuffer();
  const productionHeaders = Object.fromEntries(
    [...sample.headers].filter(([name]) => !PER_ANSWER_HEADERS.has(name)),
  );
  const pathsFile = join(bodyDir, 'paths.json');
  writeFileSync(pathsFile, JSON.stringify(ok));
  const floorServer = start('floor', pin(0, ['node', '--input-type=module', '-e', FLOOR_SERVER]), {
    PORT: '3107',
    BODY_FILE: bodyFile,
    PATHS_FILE: pathsFile,
    HEADERS_JSON: JSON.stringify(productionHeaders),
    DIST: `${ROOT}dist/`,
  });
  await waitFor('http://127.0.0.1:3103/health');
  await waitFor('http://127.0.0.1:3104/health');
  await waitFor('http://127.0.0.1:3107/health');

  const targets = {
    bare: { base: 'http://127.0.0.1:3103', pid: bareServer.pid },
    real: { base: 'http://127.0.0.1:3104', pid: realServer.pid },
    floor: { base: 'http://127.0.0.1:3107', pid: floorServer.pid },
    hit: { base: 'http://127.0.0.1:3101', pid: hitServer.pid },
    miss: { base: 'http://127.0.0.1:3102', pid: missServer.pid },
  } as const;
  type Target = keyof typeof targets;
  const names = Object.keys(targets) as Target[];
  const script = HAS_WRK ? wrkScript(bodyDir, ok) : undefined;
  process.stdout.write(
    `warm-up (2 s each); then ${ROUNDS} rounds of ${SECONDS} s, ${CONNECTIONS} connections${script ? '; autocannon, then wrk' : ' (wrk not found: autocannon only)'}\n`,
  );
  for (const name of names) await load(targets[name].base, ok, 2);

  const results: Record<Target, RunResult[]> = { bare: [], real: [], floor: [], hit: [], miss: [] };
  const wrkResults: Record<Target, RunResult[]> = { bare: [], real: [], floor: [], hit: [], miss: [] };
  for (let round = 1; round <= ROUNDS; round++) {
    for (const name of names) {
      const { base, pid } = targets[name];
      const r = await load(base, ok, SECONDS, pid);
      results[name].push(r);
      process.stdout.write(
        `round ${round}  ${name.padEnd(5)} autocannon ${fmt(r)}  server ${r.serverUs.toFixed(0).padStart(4)} µs/req  load generator busy ${(100 * r.clientBusy).toFixed(0)}%  (errors ${r.errors})\n`,
      );
      if (script) {
        const w = loadWithWrk(base, script, SECONDS, pid);
        wrkResults[name].push(w);
        process.stdout.write(
          `round ${round}  ${name.padEnd(5)} wrk        ${fmt(w)}  server ${w.serverUs.toFixed(0).padStart(4)} µs/req  (non-2xx ${w.errors})\n`,
        );
      }
    }
  }

  const rate = (rs: RunResult[]) => {
    const hits = rs.reduce((s, r) => s + r.hits, 0);
    const all = rs.reduce((s, r) => s + r.hits + r.misses, 0);
    return all ? hits / all : 0;
  };
  const report = (tool: string, runs: Record<Target, RunResult[]>) => {
    const summary = (name: Target) => ({
      rps: median(runs[name].map((r) => r.rps)),
      p50: median(runs[name].map((r) => r.p50)),
      p99: median(runs[name].map((r) => r.p99)),
      serverUs: median(runs[name].map((r) => r.serverUs)),
      clientBusy: median(runs[name].map((r) => r.clientBusy)),
    });
    const line = (label: string, s: ReturnType<typeof summary>) =>
      `${label.padEnd(24)}${s.rps.toFixed(0).padStart(7)} req/s  p50 ${s.p50} ms  p99 ${s.p99} ms  server ${s.serverUs.toFixed(1)} µs/req${Number.isNaN(s.clientBusy) ? '' : `  load generator busy ${(100 * s.clientBusy).toFixed(0)}%`}`;
    const bare = summary('bare');
    const real = summary('real');
    process.stdout.write(`\n${tool}: median over rounds\n`);
    const floor = summary('floor');
    process.stdout.write(
      `${line('bare Fastify', bare)}  (ASCII padding body)\n${line('bare, real answer', real)}  (one real answer of ${realBody.length} bytes)\n`,
    );
    process.stdout.write(
      `${line('floor', floor)}  (bare, real answer, plus the production headers, request id and request log)\n` +
        `${''.padEnd(24)}req/s ratio ${(floor.rps / bare.rps).toFixed(2)}x the bare server, ${(floor.rps / real.rps).toFixed(2)}x with a real answer; ` +
        `server CPU per request: bare ${(bare.serverUs / floor.serverUs).toFixed(2)}x, real answer ${(real.serverUs / floor.serverUs).toFixed(2)}x\n`,
    );
    for (const [name, label, target] of [
      ['hit', 'cache-hit mix', 0.85],
      ['miss', 'all-miss mix (no cache)', 0.6],
    ] as const) {
      const s = summary(name);
      const ratio = s.rps / bare.rps;
      const hitRate = tool === 'autocannon' ? `  cache hit rate ${(100 * rate(runs[name])).toFixed(1)}%` : '';
      process.stdout.write(
        `${line(label, s)}${hitRate}\n` +
          `${''.padEnd(24)}req/s ratio ${ratio.toFixed(2)}x the bare server (target >= ${target}x: ${ratio >= target ? 'met' : 'MISSED'}), ${(s.rps / real.rps).toFixed(2)}x with a real answer; ` +
          `server CPU per request: bare ${(bare.serverUs / s.serverUs).toFixed(2)}x, real answer ${(real.serverUs / s.serverUs).toFixed(2)}x, floor ${(floor.serverUs / s.serverUs).toFixed(2)}x\n`,
      );
      if (name === 'hit') {
        // A cache hit should cost about what the floor costs: within 10 % of it.
        const toFloor = s.rps / floor.rps;
        process.stdout.write(
          `${''.padEnd(24)}against the floor: req/s ${toFloor.toFixed(2)}x, CPU per request ${(floor.serverUs / s.serverUs).toFixed(2)}x (target >= 0.9x: ${toFloor >= 0.9 ? 'met' : 'MISSED'})\n`,
        );
      }
    }
  };
  report('autocannon', results);
  if (script) report('wrk', wrkResults);
}

/**
 * Sends the paths of a JSON file in turn over 4 keep-alive connections for MS milliseconds and prints the
 * latencies. Each load of the large-network test runs in a process of its own: receiving the uncached load's
 * large answers on the event loop that times the cache hits would add the load generator's own delays to them.
 */
const TIMED_LOOP = `
import { readFileSync } from 'node:fs';
import { Agent, get } from 'node:http';
const paths = JSON.parse(readFileSync(process.env.PATHS_FILE, 'utf8'));
const agent = new Agent({ keepAlive: true, maxSockets: 4 });
const latencies = [];
let statusErrors = 0;
let next = 0;
const until = performance.now() + Number(process.env.MS);
const one = (path) => new Promise((resolve, reject) => {
  const t = performance.now();
  get(process.env.BASE + path, { agent }, (res) => {
    if (res.statusCode !== 200) statusErrors++;
    res.on('data', () => {});
    res.on('end', () => { latencies.push(performance.now() - t); resolve(); });
  }).on('error', reject);
});
await Promise.all(Array.from({ length: 4 }, async () => {
  while (performance.now() < until) await one(paths[next++ % paths.length]);
}));
agent.destroy();
process.stdout.write(JSON.stringify({ latencies, statusErrors }));
`;

/** Runs TIMED_LOOP in a child process over the paths in `pathsFile`. */
function timedLoop(base: string, pathsFile: string, ms: number) {
  return new Promise<{ latencies: number[]; statusErrors: number }>((resolve, reject) => {
    const child = spawn('node', ['--input-type=module', '-e', TIMED_LOOP], {
      env: { ...process.env, BASE: base, PATHS_FILE: pathsFile, MS: String(ms) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`timed loop exited with ${code}`)),
    );
  });
}

const pct = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))] ?? Number.NaN;

/** Cache-hit latency on a large network, idle and while uncached queries run, with and without workers. */
async function largeNetwork(nodes: number): Promise<void> {
  // The first part pins this process to core 1, and the processes it starts inherit that: give the large
  // network's server (and its worker threads) and its load generators every core again (every core of the
  // machine: availableParallelism counts only those this process may use now).
  if (HAS_TASKSET) {
    spawnSync('taskset', ['-apc', `0-${cpus().length - 1}`, String(process.pid)], {
      stdio: 'ignore',
    });
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-http-large-'));
  try {
    const made = writeSyntheticNetwork(dir, nodes);
    const network = loadNetwork(dir);
    process.stdout.write(
      `\n== large network: ${made.nodes} nodes, ${made.links} links (synthetic, GRAPH_DATA_DIR=${dir})\n`,
    );
    const ids = network.nodes.map((n) => n.id);
    const countries = [...new Set(network.nodes.map((n) => n.country))];
    const makeQuery = () => {
      const params = new URLSearchParams({ origin: pick(ids), destination: pick(ids) });
      if (random() < 0.5) params.set('avoid', pick(countries));
      params.set('optimize', pick(['distance', 'time', 'co2']));
      return `/routes?${params.toString()}`;
    };
    for (const [label, workers] of [
      [
        `worker pool (ROUTE_WORKERS=auto, ROUTE_WORKER_NICE=${process.env.ROUTE_WORKER_NICE || 'default'})`,
        'auto',
      ],
      ['no workers (ROUTE_WORKERS=0)', '0'],
    ] as const) {
      const port = workers === 'auto' ? '3105' : '3106';
      const server = start(
        `large server ${workers}`,
        ['node', 'dist/server.js'],
        { HOST: '127.0.0.1', PORT: port, RATE_LIMIT_MAX: '0', GRAPH_DATA_DIR: dir, ROUTE_WORKERS: workers },
        true,
      );
      let output = '';
      server.stdout?.on('data', (d: Buffer) => {
        output += d.toString();
      });
      server.stderr?.on('data', (d: Buffer) => {
        output += d.toString();
      });
      const base = `http://127.0.0.1:${port}`;
      await waitFor(`${base}/health`);
      if (workers === 'auto') {
        for (let i = 0; i < 1200 && !/route workers ready/.test(output); i++)
          await new Promise((r) => setTimeout(r, 100));
      }
      const loadMs = /"loadMs":(\d+)/.exec(output)?.[1];
      const ready = /route workers ready: (\d+ of \d+)/.exec(output)?.[1];
      const statusFile = `/proc/${server.pid}/status`;
      const cores = existsSync(statusFile)
        ? /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync(statusFile, 'utf8'))?.[1]
        : undefined;
      process.stdout.write(
        `${label}: network loaded and validated in ${loadMs ?? '?'} ms${ready ? `; workers ready: ${ready}` : ''}${cores ? `; cores ${cores}` : ''}\n`,
      );
      // Hits: 40 queries answered once (and cached) beforehand.
      const hits: string[] = [];
      while (hits.length < 40) {
        const q = makeQuery();
        const res = await fetch(`${base}${q}`);
        await res.text();
        if (res.status === 200) hits.push(q);
      }
      const hitsFile = join(dir, 'hits.json');
      writeFileSync(hitsFile, JSON.stringify(hits));
      await timedLoop(base, hitsFile, 2000); // warm-up
      const idle = await timedLoop(base, hitsFile, 5000);
      const missesFile = join(dir, 'misses.json');
      writeFileSync(missesFile, JSON.stringify(Array.from({ length: 5000 }, makeQuery)));
      const [busy, slow] = await Promise.all([
        timedLoop(base, hitsFile, 6000),
        timedLoop(base, missesFile, 6000),
      ]);
      const idle99 = pct(idle.latencies, 0.99);
      const busy99 = pct(busy.latencies, 0.99);
      process.stdout.write(
        `  cache hits idle:            p50 ${pct(idle.latencies, 0.5).toFixed(2)} ms  p99 ${idle99.toFixed(2)} ms  (${idle.latencies.length} requests)\n` +
          `  cache hits, uncached busy:  p50 ${pct(busy.latencies, 0.5).toFixed(2)} ms  p99 ${busy99.toFixed(2)} ms  (${busy.latencies.length} requests)  p99 ratio ${(busy99 / idle99).toFixed(2)}x (target <= 2x: ${busy99 <= 2 * idle99 ? 'met' : 'MISSED'})\n` +
          `  uncached queries meanwhile: p50 ${pct(slow.latencies, 0.5).toFixed(2)} ms  p99 ${pct(slow.latencies, 0.99).toFixed(2)} ms  (${slow.latencies.length} requests, ${slow.statusErrors} not 200: no route or endpoint avoided)\n`,
      );
      server.kill('SIGTERM');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function buildDist(): void {
  process.stdout.write('building (npm run build)...\n');
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
}

Promise.resolve()
  .then(buildDist)
  .then(() => (MAIN ? main() : undefined))
  .then(() => (LARGE > 0 ? largeNetwork(LARGE) : undefined))
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(stopAll);
