#!/usr/bin/env node
/**
 * Command-line route planner: the same domain code as the API, without a server.
 *
 *   eurasia-freight-routes route "Xi'an" Duisburg --avoid RU,BY
 *   eurasia-freight-routes route Chengdu Budapest --avoid RU,BY,IR --alternatives 2 --json
 *   eurasia-freight-routes route Xian Duisburg --avoid RU,BY --optimize time --depart 2026-12-05 --arrive-by 2027-01-10
 *
 * Options are validated by the API's own query schema, so the CLI accepts exactly what GET /routes accepts;
 * `--json` prints the body GET /routes would answer. Exit codes: 0 success, 1 no route or a place/country
 * problem (the message says which), 2 bad usage or unreadable network data.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatPlan } from './cli/cli-format.js';
import { runStateCommand, STATE_COMMANDS, STATE_HELP } from './cli/state-commands.js';
import {
  type Disruption,
  DisruptionSchema,
  DomainError,
  loadNetwork,
  NetworkDataError,
} from './domain/index.js';
import { isPlainDecimal, listItems } from './http/plugins/query-string.js';
import { RoutePlanSchema, RoutesQuerySchema } from './http/schemas/route-schemas.js';
import { routePlanOf } from './http/serving/route-planner.js';

const COMMAND = 'eurasia-freight-routes';
const DEFAULT_DATA = fileURLToPath(new URL('../graph-data/', import.meta.url));

const HELP = `Plan rail and ferry freight routes between China and Europe.

Usage:
  ${COMMAND} route <origin> <destination> [options]
  ${COMMAND} keys|disruptions|watches ...   (operators; see below)

Origin and destination are node ids or place names ("Xi'an", xian, KZ_AKTAU), matched ignoring case,
accents and punctuation.

Options:
  --avoid <codes>         countries to avoid, ISO alpha-2 or alpha-3 (RU,BY or RUS,BLR)
  --optimize <metric>     distance (default), time or co2
  --alternatives <n>      further routes after the best, 0 to 5 (default 0)
  --via <places>          places to pass through, in order
  --avoid-modes <modes>   modes to avoid: rail, ferry, road
  --avoid-seas <seas>     seas whose ferries to avoid: caspian, black-sea, lake-van
  --avoid-nodes <places>  nodes the route must not pass through
  --cargo-tonnes <t>      cargo mass, to report kg CO2e for the whole load
  --emissions iso14083    add each route's ISO 14083 account (legs and hubs, WTW/TTW/WTT, per TEU/FEU)
  --avoid-advisories <k>  advisory kinds to stay clear of: war-risk, sanctions, congestion
  --network-date <day>    route on the network as of this day, YYYY-MM-DD (default: today, UTC)
  --disruptions <file>    a JSON array of disruptions (as GET /disruptions lists them) to plan with
  --ignore-disruptions    plan on the static network, disregarding --disruptions
  --depart <when>         departure (2026-12-05 = 00:00 UTC, or 2026-12-05T08:00:00+08:00): prints when each
                          leg leaves and the arrival range (p10, median, p90); with --optimize time the
                          corridor with the earliest expected arrival for that date comes first
  --arrive-by <when>      deadline, same format: prints how likely arrival by then is (alone: leaving now)
  --data <dir>            network directory (default: GRAPH_DATA_DIR, else the embedded network)
  --json                  print the JSON body of GET /routes instead of a table
  -h, --help              show this help

Lists take commas and/or repeats: --avoid RU,BY equals --avoid RU --avoid BY.

Examples:
  ${COMMAND} route "Xi'an" Duisburg --avoid RU,BY
  ${COMMAND} route Chengdu Budapest --avoid RU,BY,IR --alternatives 2
  ${COMMAND} route Aktau Poti --optimize time --json
  ${COMMAND} route Xian Duisburg --avoid-advisories war-risk,sanctions --network-date 2030-06-01

${STATE_HELP}`;

class UsageError extends Error {}

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

/** A repeatable option's items, read as the API reads a list parameter (commas and repeats). */
const list = (values: string[] | undefined) => (values === undefined ? undefined : listItems(values));

/**
 * Reads a disruptions file: a JSON array of disruptions as the API lists them; the fields routing reads are
 * validated by the domain's schema (others, such as status or createdAt, are left aside).
 */
function readDisruptions(path: string): Disruption[] {
  let records: unknown;
  try {
    records = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`--disruptions: cannot read ${path} as JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(records)) throw new UsageError(`--disruptions: ${path} must hold a JSON array`);
  const fields = Object.keys(DisruptionSchema.shape);
  return records.map((record, i) => {
    const picked =
      record && typeof record === 'object'
        ? Object.fromEntries(Object.entries(record).filter(([key]) => fields.includes(key)))
        : record;
    const parsed = DisruptionSchema.safeParse(picked);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UsageError(
        `--disruptions: ${path}[${i}].${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
      );
    }
    return parsed.data;
  });
}

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export function runCli(argv: string[], io: Io): number {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.err(`${COMMAND}: ${(error as Error).message}\nRun \`${COMMAND} --help\` for usage.\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) {
    (values.help ? io.out : io.err)(HELP);
    return values.help ? 0 : 2;
  }
  try {
    const [command, origin, destination, ...extra] = positionals;
    if (command !== 'route') {
      throw new UsageError(
        `unknown command "${command}"; the commands are \`route\`, \`keys\`, \`disruptions\` and \`watches\``,
      );
    }
    if (!origin || !destination || extra.length > 0) {
      throw new UsageError('give an origin and a destination: route <origin> <destination>');
    }
    for (const flag of ['alternatives', 'cargo-tonnes'] as const) {
      const value = values[flag];
      if (value !== undefined && !isPlainDecimal(value)) {
        throw new UsageError(
          `--${flag}: "${value}" is not a number written in decimal digits (such as 2 or 20.5)`,
        );
      }
    }
    const query = RoutesQuerySchema.safeParse({
      origin,
      destination,
      ...(values.avoid ? { avoid: list(values.avoid) } : {}),
      ...(values['avoid-modes'] ? { avoidModes: list(values['avoid-modes']) } : {}),
      ...(values['avoid-seas'] ? { avoidSeas: list(values['avoid-seas']) } : {}),
      ...(values['avoid-nodes'] ? { avoidNodes: list(values['avoid-nodes']) } : {}),
      ...(values.via ? { via: list(values.via) } : {}),
      ...(values.optimize !== undefined ? { optimize: values.optimize } : {}),
      ...(values.alternatives !== undefined ? { alternatives: values.alternatives } : {}),
      ...(values['cargo-tonnes'] !== undefined ? { cargoTonnes: values['cargo-tonnes'] } : {}),
      ...(values.emissions !== undefined ? { emissions: values.emissions } : {}),
      ...(values['avoid-advisories'] ? { avoidAdvisories: list(values['avoid-advisories']) } : {}),
      ...(values['network-date'] !== undefined ? { networkDate: values['network-date'] } : {}),
      ...(values['ignore-disruptions'] ? { ignoreDisruptions: 'true' } : {}),
      ...(values.depart !== undefined ? { departAt: values.depart } : {}),
      ...(values['arrive-by'] !== undefined ? { arriveBy: values['arrive-by'] } : {}),
    });
    if (!query.success) {
      const flags: Record<string, string> = { departAt: 'depart' };
      const flag = (path: PropertyKey | undefined) =>
        `--${flags[String(path)] ?? String(path ?? '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      throw new UsageError(query.error.issues.map((i) => `${flag(i.path[0])}: ${i.message}`).join('; '));
    }
    const disruptions = values.disruptions ? readDisruptions(values.disruptions) : [];
    const network = loadNetwork(values.data ?? (io.env.GRAPH_DATA_DIR || DEFAULT_DATA));
    // The body GET /routes answers: the plan and the data version, through the same response schema.
    const body = RoutePlanSchema.parse(
      routePlanOf(network, query.data, {
        disruptions,
        today: new Date().toISOString().slice(0, 10),
        ...(disruptions.length > 0 ? { departAt: new Date().toISOString() } : {}),
      }),
    );
    io.out(values.json ? `${JSON.stringify(body, null, 2)}\n` : formatPlan(body));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${COMMAND}: ${error.message}\nRun \`${COMMAND} --help\` for usage.\n`);
      return 2;
    }
    if (error instanceof NetworkDataError) {
      io.err(`${COMMAND}: ${error.message}\n`);
      return 2;
    }
    if (error instanceof DomainError) {
      const suggestions = error.details.suggestions ?? [];
      const hint =
        suggestions.length && error.code === 'AMBIGUOUS_PLACE'
          ? `\n${suggestions.map((s) => `  ${s.id}  ${s.name}`).join('\n')}`
          : '';
      io.err(`${COMMAND}: ${error.code}: ${error.message}${hint}\n`);
      return error.code === 'INVALID_PARAMETER' ? 2 : 1;
    }
    throw error;
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      avoid: { type: 'string', multiple: true },
      optimize: { type: 'string' },
      alternatives: { type: 'string' },
      via: { type: 'string', multiple: true },
      'avoid-modes': { type: 'string', multiple: true },
      'avoid-seas': { type: 'string', multiple: true },
      'avoid-nodes': { type: 'string', multiple: true },
      'cargo-tonnes': { type: 'string' },
      emissions: { type: 'string' },
      'avoid-advisories': { type: 'string', multiple: true },
      'network-date': { type: 'string' },
      disruptions: { type: 'string' },
      'ignore-disruptions': { type: 'boolean' },
      depart: { type: 'string' },
      'arrive-by': { type: 'string' },
      data: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

// Run when executed (as the bin, through a symlink, or with tsx), not when imported by tests.
if (process.argv[1] && fileURLToPath(import.meta.url) === realpathSync(process.argv[1])) {
  const argv = process.argv.slice(2);
  const io = {
    out: (text: string) => process.stdout.write(text),
    err: (text: string) => process.stderr.write(text),
    env: process.env,
  };
  if (STATE_COMMANDS.has(argv[0] ?? '') && !argv.includes('--help') && !argv.includes('-h')) {
    runStateCommand(argv, { ...io, defaultDataDir: DEFAULT_DATA }, COMMAND).then(
      (code) => {
        process.exitCode = code;
      },
      (error: unknown) => {
        process.stderr.write(`${COMMAND}: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      },
    );
  } else {
    process.exitCode = runCli(argv, io);
  }
}
