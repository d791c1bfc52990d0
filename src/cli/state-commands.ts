/**
 * The operators' commands on the live-state store, talking to it directly through DATABASE_URL (the same
 * store the server uses): API keys (`keys create|list|revoke`), disruptions (`disruptions
 * list|add|end`) and watches (`watches list|remove`; clients create them with POST /watches). `keys create` prints the new key alone on stdout, once: it is stored only as a hash.
 */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import {
  checkDisruptionTarget,
  DisruptionInputSchema,
  loadNetwork,
  NetworkDataError,
} from '../domain/index.js';
import { API_KEY_SCOPES } from '../state/api-key-store.js';
import type { StoredDisruption } from '../state/disruption-record.js';
import { StateError } from '../state/state-errors.js';
import { openStateStore, StoreOpenError } from '../state/state-store.js';

export interface StateIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** The network that disruption targets are checked against. */
  defaultDataDir: string;
}

export const STATE_COMMANDS = new Set(['keys', 'disruptions', 'watches']);

export const STATE_HELP = `Operators' commands (the store named by DATABASE_URL; unset = ./var/state.sqlite):
  keys create --name <name> --scope <scope>             print a new API key (shown once); scopes:
                                                        disruptions:write, watches:write
  keys list [--json]                                    keys with their names, scopes, dates
  keys revoke <id-or-name>                              revoke a key at once
  disruptions list [--all] [--json]                     disruptions not yet ended (--all: every one)
  disruptions add --target <kind>:<id> --effect closed|delay [--extra-hours <h>]
                  --starts-at <instant> [--ends-at <instant>] --reason <text> --source <text>
  disruptions end <id>                                  end a disruption now (nothing is erased)
  watches list [--json]                                 every watch (all keys), with its last delivery
  watches remove <id>                                   delete a watch; its pending deliveries are cancelled
`;

class UsageError extends Error {}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      name: { type: 'string' },
      scope: { type: 'string', multiple: true },
      json: { type: 'boolean' },
      all: { type: 'boolean' },
      target: { type: 'string' },
      effect: { type: 'string' },
      'extra-hours': { type: 'string' },
      'starts-at': { type: 'string' },
      'ends-at': { type: 'string' },
      reason: { type: 'string' },
      source: { type: 'string' },
      data: { type: 'string' },
    },
  });
}

function describe(d: StoredDisruption, now: number): string {
  const status =
    Date.parse(d.startsAt) > now
      ? 'scheduled'
      : d.endsAt !== null && Date.parse(d.endsAt) <= now
        ? 'ended'
        : 'active';
  const effect = d.effect === 'delay' ? `delay +${d.extraHours} h` : 'closed';
  return `${d.id}  ${status.padEnd(9)}  ${`${d.target.kind}:${d.target.id}`.padEnd(28)}  ${effect.padEnd(14)}  ${d.startsAt} → ${d.endsAt ?? 'until ended'}  ${d.reason}\n`;
}

/** Runs `keys …`, `disruptions …` or `watches …`; resolves to the exit code (0 done, 1 refused by the store, 2 bad usage). */
export async function runStateCommand(argv: string[], io: StateIo, command: string): Promise<number> {
  let store: Awaited<ReturnType<typeof openStateStore>> | undefined;
  try {
    const { values, positionals } = parse(argv);
    const [group, action, ...rest] = positionals;
    const config = loadConfig(io.env);
    const operator = `cli:${io.env.USER || userInfo().username}`;
    if (group === 'keys') {
      if (action === 'create') {
        if (!values.name) throw new UsageError('keys create needs --name <name>');
        const scopes = (values.scope ?? [])
          .flatMap((s) => s.split(','))
          .map((s) => s.trim())
          .filter(Boolean);
        if (scopes.length === 0)
          throw new UsageError(`keys create needs --scope (${API_KEY_SCOPES.join(', ')})`);
        store = await openStateStore(config.DATABASE_URL);
        const created = await store.keys.create(values.name, scopes);
        io.out(`${created.key}\n`);
        io.err(
          `created key ${created.id} "${created.name}" (${created.scopes.join(' ')}); it is shown only this once\n`,
        );
        return 0;
      }
      if (action === 'list') {
        store = await openStateStore(config.DATABASE_URL);
        const keys = await store.keys.list();
        if (values.json) io.out(`${JSON.stringify(keys, null, 2)}\n`);
        else {
          for (const k of keys) {
            io.out(
              `${k.id}  ${k.name.padEnd(20)}  ${k.scopes.join(' ').padEnd(18)}  created ${k.createdAt}${k.revokedAt ? `  revoked ${k.revokedAt}` : ''}\n`,
            );
          }
        }
        return 0;
      }
      if (action === 'revoke') {
        const which = rest[0];
        if (!which || rest.length > 1) throw new UsageError('keys revoke needs one key id or name');
        store = await openStateStore(config.DATABASE_URL);
        const revoked = await store.keys.revoke(which);
        if (revoked === 0) {
          io.err(`${command}: no live key has id or name "${which}"\n`);
          return 1;
        }
        io.err(`revoked ${revoked} key${revoked === 1 ? '' : 's'}\n`);
        return 0;
      }
      throw new UsageError(`unknown keys command "${action ?? ''}": create, list or revoke`);
    }
    if (group === 'watches') {
      if (action === 'list') {
        store = await openStateStore(config.DATABASE_URL);
        const watches = await store.watches.list();
        const rows = await Promise.all(
          watches.map(async (w) => ({ watch: w, last: (await store?.watches.deliveries(w.id, 1))?.[0] })),
        );
        if (values.json)
          io.out(
            `${JSON.stringify(
              rows.map((r) => ({ ...r.watch, lastDelivery: r.last ?? null })),
              null,
              2,
            )}\n`,
          );
        else {
          for (const { watch, last } of rows) {
            const q = watch.query;
            const route = `${q.origin ?? '?'} → ${q.destination ?? '?'}${q.avoid ? ` avoid ${[q.avoid].flat().join(',')}` : ''}`;
            const delivery = last
              ? `last delivery ${last.status} (${last.attempts} attempts)`
              : 'no delivery yet';
            io.out(
              `${watch.id}  ${watch.createdBy.padEnd(16)}  ${route.padEnd(40)}  ${watch.callbackUrl}  ${delivery}\n`,
            );
          }
        }
        return 0;
      }
      if (action === 'remove') {
        const id = rest[0];
        if (!id || rest.length > 1) throw new UsageError('watches remove needs one watch id');
        store = await openStateStore(config.DATABASE_URL);
        await store.watches.remove(id);
        io.err(`removed watch ${id}\n`);
        return 0;
      }
      throw new UsageError(
        `unknown watches command "${action ?? ''}": list or remove (clients create watches with POST /watches)`,
      );
    }
    if (action === 'list') {
      store = await openStateStore(config.DATABASE_URL);
      const now = Date.now();
      const { disruptions } = await store.disruptions.list(
        values.all ? { limit: 1000 } : { status: ['active', 'scheduled'], limit: 1000 },
        now,
      );
      if (values.json) io.out(`${JSON.stringify(disruptions, null, 2)}\n`);
      else for (const d of disruptions) io.out(describe(d, now));
      return 0;
    }
    if (action === 'add') {
      const target = /^(node|link|sea|country):(.+)$/.exec(values.target ?? '');
      if (!target)
        throw new UsageError(
          'disruptions add needs --target <kind>:<id> (node:KZ_AKTAU, sea:caspian, country:GE, link:FROM--TO--mode)',
        );
      const extra = values['extra-hours'];
      const parsed = DisruptionInputSchema.safeParse({
        target: { kind: target[1], id: target[2] },
        effect: values.effect,
        ...(extra !== undefined ? { extraHours: Number(extra) } : {}),
        startsAt: values['starts-at'] ?? new Date().toISOString(),
        endsAt: values['ends-at'] ?? null,
        reason: values.reason,
        source: values.source,
      });
      if (!parsed.success) {
        const flag = (path: PropertyKey[]) =>
          `--${String(path[0] ?? '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
        throw new UsageError(parsed.error.issues.map((i) => `${flag(i.path)}: ${i.message}`).join('; '));
      }
      const network = loadNetwork(values.data ?? (io.env.GRAPH_DATA_DIR || io.defaultDataDir));
      const checked = checkDisruptionTarget(network, parsed.data.target);
      if (!checked.ok) throw new UsageError(`--target: ${checked.message}`);
      store = await openStateStore(config.DATABASE_URL);
      const result = await store.disruptions.create(
        { ...parsed.data, target: checked.target },
        { name: operator },
      );
      if (result.kind === 'created') {
        io.out(values.json ? `${JSON.stringify(result.record, null, 2)}\n` : `${result.record.id}\n`);
      }
      return 0;
    }
    if (action === 'end') {
      const id = rest[0];
      if (!id || rest.length > 1) throw new UsageError('disruptions end needs one disruption id');
      store = await openStateStore(config.DATABASE_URL);
      const ended = await store.disruptions.end(id, { name: operator });
      io.out(describe(ended, Date.now()));
      return 0;
    }
    throw new UsageError(`unknown disruptions command "${action ?? ''}": list, add or end`);
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error)) {
      io.err(`${command}: ${error.message}\nRun \`${command} --help\` for usage.\n`);
      return 2;
    }
    if (
      error instanceof ConfigError ||
      error instanceof NetworkDataError ||
      error instanceof StoreOpenError
    ) {
      io.err(`${command}: ${error.message}\n`);
      return 2;
    }
    if (error instanceof StateError) {
      io.err(`${command}: ${error.code}: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await store?.close();
  }
}
