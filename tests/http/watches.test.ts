/**
 * /watches over the embedded network and a real SQLite store, with a real HTTPS receiver on loopback (its
 * self-signed certificate trusted through the sender's `ca` option): a closure of Aktau sends a signed webhook
 * for a watch on Xi'an → Duisburg avoiding RU and BY; retries after 500s; a delivery queued before a restart
 * is sent after it; signatures verify and tampered bodies do not; private callbacks are refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNetwork, type Network } from '../../src/domain/index.js';
import type { StoreLocation } from '../../src/state/index.js';
import { verifyWebhook } from '../../src/watches/index.js';
import { type HttpsReceiver, startHttpsReceiver } from '../helpers/https-receiver.js';
import { EMBEDDED_DIR } from '../helpers/test-app.js';
import { startWatchReplica, type WatchReplica } from '../helpers/watch-replica.js';

let network: Network;
let dir: string;
let receiver: HttpsReceiver;

type Server = WatchReplica;

/** A server as server.ts assembles it (store, mirror, watches, app), sending with fast retries. */
const startServer = (
  location: StoreLocation,
  { send = true, allowPrivate = true }: { send?: boolean; allowPrivate?: boolean } = {},
): Promise<Server> =>
  startWatchReplica(network, location, { ca: receiver.cert, send, allowPrivate, maxAttempts: 4 });

const XIAN_DUISBURG = { origin: "Xi'an", destination: 'Duisburg', avoid: ['RU', 'BY'] };
const aktauClosure = {
  target: { kind: 'node', id: 'KZ_AKTAU' },
  effect: 'closed',
  startsAt: '2026-01-01T00:00:00Z',
  endsAt: null,
  reason: 'north-west storm, port closed',
  source: 'https://example.org/aktau-notice',
};

async function keysFor(server: Server) {
  const watchKey = (await server.live.store.keys.create('forwarder', ['watches:write'])).key;
  const opsKey = (await server.live.store.keys.create('ops-desk', ['disruptions:write'])).key;
  return { watchKey, opsKey };
}

const createWatch = (
  app: FastifyInstance,
  key: string,
  payload: unknown,
  headers: Record<string, string> = {},
) =>
  app.inject({
    method: 'POST',
    url: '/watches',
    headers: { authorization: `Bearer ${key}`, ...headers },
    payload: payload as object,
  });

const closeAktau = async (app: FastifyInstance, key: string) => {
  const response = await app.inject({
    method: 'POST',
    url: '/disruptions',
    headers: { authorization: `Bearer ${key}` },
    payload: aktauClosure,
  });
  expect(response.statusCode).toBe(201);
  return response.json() as { id: string };
};

const legsThrough = (answer: { route?: { legs: { from: string; to: string }[] } }) =>
  (answer.route?.legs ?? []).flatMap((l) => [l.from, l.to]);

interface Delivery {
  status: string;
  attempts: number;
  lastStatus: number | null;
  nextAttemptAt: string | null;
}

/** A watch's deliveries once the first has `status` (polled for a second at most; as they are then). */
async function deliveriesOnce(server: Server, key: string, watchId: string, status: string) {
  let deliveries: Delivery[] = [];
  for (let i = 0; i < 50; i++) {
    deliveries = (
      await server.app.inject({
        url: `/watches/${watchId}/deliveries`,
        headers: { authorization: `Bearer ${key}` },
      })
    ).json().deliveries;
    if (deliveries[0]?.status === status) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  return deliveries;
}

/** Deletes a watch, then ends a closure: the watch goes first, so that ending the closure sends it nothing. */
async function removeWatchThenEnd(
  server: Server,
  keys: { watchKey: string; opsKey: string },
  watchId: string,
  closureId: string,
) {
  await server.app.inject({
    method: 'DELETE',
    url: `/watches/${watchId}`,
    headers: { authorization: `Bearer ${keys.watchKey}` },
  });
  await server.app.inject({
    method: 'DELETE',
    url: `/disruptions/${closureId}`,
    headers: { authorization: `Bearer ${keys.opsKey}` },
  });
}

beforeAll(async () => {
  network = loadNetwork(EMBEDDED_DIR);
  receiver = await startHttpsReceiver();
  dir = mkdtempSync(join(tmpdir(), 'efr-watches-'));
}, 60_000);

afterAll(async () => {
  await receiver?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('watches', () => {
  let server: Server;
  let keys: { watchKey: string; opsKey: string };
  beforeAll(async () => {
    server = await startServer({ engine: 'sqlite', path: join(dir, 'main.sqlite') });
    keys = await keysFor(server);
  }, 30_000);
  afterAll(() => server?.close());

  it('delivers a signed webhook when a closure of Aktau moves the Xi’an–Duisburg route', async () => {
    receiver.received.length = 0;
    const created = await createWatch(server.app, keys.watchKey, {
      query: XIAN_DUISBURG,
      callbackUrl: receiver.url,
    });
    expect(created.statusCode).toBe(201);
    const watch = created.json();
    expect(created.headers.location).toBe(`/watches/${watch.id}`);
    expect(created.headers.etag).toBe('"1"');
    expect(watch.secret).toMatch(/^whsec_/);
    expect(watch.query.avoid).toEqual(['RU', 'BY']);
    expect(legsThrough(watch.answer)).toContain('KZ_AKTAU');

    const read = await server.app.inject({
      url: `/watches/${watch.id}`,
      headers: { authorization: `Bearer ${keys.watchKey}` },
    });
    expect(read.statusCode).toBe(200);
    expect(read.json().secret).toBeUndefined();

    const closure = await closeAktau(server.app, keys.opsKey);
    const [hook] = await receiver.waitFor(1);
    if (!hook) throw new Error('no webhook');
    const body = JSON.parse(hook.body);
    expect(body).toMatchObject({ type: 'watch.route-changed', watchId: watch.id });
    expect(hook.headers['webhook-id']).toBe(body.id);
    expect(legsThrough(body.previous)).toContain('KZ_AKTAU');
    expect(legsThrough(body.current)).not.toContain('KZ_AKTAU');
    expect(body.current.disruptionsAvoided).toContain(closure.id);

    const signed = {
      id: String(hook.headers['webhook-id']),
      timestamp: String(hook.headers['webhook-timestamp']),
      signature: String(hook.headers['webhook-signature']),
    };
    expect(signed.signature).toMatch(/^v1,/);
    expect(verifyWebhook(watch.secret, signed, hook.body)).toBe(true);
    expect(verifyWebhook(watch.secret, signed, hook.body.replace('KZ_', 'RU_'))).toBe(false);
    expect(verifyWebhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`, signed, hook.body)).toBe(false);

    const after = (
      await server.app.inject({
        url: `/watches/${watch.id}`,
        headers: { authorization: `Bearer ${keys.watchKey}` },
      })
    ).json();
    expect(after.version).toBe(2);
    expect(legsThrough(after.answer)).not.toContain('KZ_AKTAU');

    // A write that does not change this route sends nothing more.
    const other = await server.app.inject({
      method: 'POST',
      url: '/disruptions',
      headers: { authorization: `Bearer ${keys.opsKey}` },
      payload: { ...aktauClosure, target: { kind: 'node', id: 'TR_KARS' }, effect: 'delay', extraHours: 1 },
    });
    expect(other.statusCode).toBe(201);
    await new Promise((r) => setTimeout(r, 400));
    expect(receiver.received).toHaveLength(1);

    await server.app.inject({
      method: 'DELETE',
      url: `/disruptions/${closure.id}`,
      headers: { authorization: `Bearer ${keys.opsKey}` },
    });
    const [, back] = await receiver.waitFor(2);
    expect(legsThrough(JSON.parse(back?.body ?? '{}').current)).toContain('KZ_AKTAU');
    await server.app.inject({
      method: 'DELETE',
      url: `/watches/${watch.id}`,
      headers: { authorization: `Bearer ${keys.watchKey}` },
    });
  });

  it('retries a receiver that answers 500 twice, then 200: three attempts, one delivery id', async () => {
    receiver.received.length = 0;
    const watch = (
      await createWatch(server.app, keys.watchKey, {
        query: 'origin=CN_XIAN&destination=DE_DUISBURG&avoid=RU,BY&optimize=time',
        callbackUrl: receiver.url,
      })
    ).json();
    receiver.script([500, 500, 200]);
    const closure = await closeAktau(server.app, keys.opsKey);
    const hooks = await receiver.waitFor(3);
    expect(new Set(hooks.map((h) => h.headers['webhook-id'])).size).toBe(1);
    expect(new Set(hooks.map((h) => h.body)).size).toBe(1);
    // The backoff waited between attempts (100 ms base, half of it at least).
    expect((hooks[1]?.at ?? 0) - (hooks[0]?.at ?? 0)).toBeGreaterThanOrEqual(45);
    const deliveries = await deliveriesOnce(server, keys.watchKey, watch.id, 'delivered');
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({
      status: 'delivered',
      attempts: 3,
      lastStatus: 200,
      nextAttemptAt: null,
    });
    await removeWatchThenEnd(server, keys, watch.id, closure.id);
  });

  it('marks a delivery failed after its attempts are used up', async () => {
    receiver.received.length = 0;
    const watch = (
      await createWatch(server.app, keys.watchKey, { query: XIAN_DUISBURG, callbackUrl: receiver.url })
    ).json();
    receiver.script([503, 503, 503, 503, 503]);
    const closure = await closeAktau(server.app, keys.opsKey);
    await receiver.waitFor(4);
    const [delivery] = await deliveriesOnce(server, keys.watchKey, watch.id, 'failed');
    expect(delivery).toMatchObject({ status: 'failed', attempts: 4 });
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received).toHaveLength(4);
    receiver.script([]);
    await removeWatchThenEnd(server, keys, watch.id, closure.id);
  });

  it('needs a key with watches:write, and shows a key only its own watches', async () => {
    const none = await server.app.inject({
      method: 'POST',
      url: '/watches',
      payload: { query: XIAN_DUISBURG, callbackUrl: receiver.url },
    });
    expect(none.statusCode).toBe(401);
    const wrongScope = await createWatch(server.app, keys.opsKey, {
      query: XIAN_DUISBURG,
      callbackUrl: receiver.url,
    });
    expect(wrongScope.statusCode).toBe(403);
    expect(wrongScope.json().code).toBe('FORBIDDEN');
    const mine = (
      await createWatch(server.app, keys.watchKey, { query: XIAN_DUISBURG, callbackUrl: receiver.url })
    ).json();
    const otherKey = (await server.live.store.keys.create('other-forwarder', ['watches:write'])).key;
    const theirs = await server.app.inject({
      url: `/watches/${mine.id}`,
      headers: { authorization: `Bearer ${otherKey}` },
    });
    expect(theirs.statusCode).toBe(404);
    const listed = await server.app.inject({
      url: '/watches',
      headers: { authorization: `Bearer ${otherKey}` },
    });
    expect(listed.json().watches).toEqual([]);
    const removed = await server.app.inject({
      method: 'DELETE',
      url: `/watches/${mine.id}`,
      headers: { authorization: `Bearer ${keys.watchKey}` },
    });
    expect(removed.statusCode).toBe(204);
    expect(
      (
        await server.app.inject({
          url: `/watches/${mine.id}`,
          headers: { authorization: `Bearer ${keys.watchKey}` },
        })
      ).statusCode,
    ).toBe(404);
  });

  it('replays a retried Idempotency-Key and refuses it for another body', async () => {
    const first = await createWatch(
      server.app,
      keys.watchKey,
      { query: XIAN_DUISBURG, callbackUrl: receiver.url },
      { 'idempotency-key': 'w-1' },
    );
    const again = await createWatch(
      server.app,
      keys.watchKey,
      { query: XIAN_DUISBURG, callbackUrl: receiver.url },
      { 'idempotency-key': 'w-1' },
    );
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toBe(first.body);
    const listed = (
      await server.app.inject({ url: '/watches', headers: { authorization: `Bearer ${keys.watchKey}` } })
    ).json().watches;
    expect(listed.filter((w: { id: string }) => w.id === first.json().id)).toHaveLength(1);
    const other = await createWatch(
      server.app,
      keys.watchKey,
      { query: { ...XIAN_DUISBURG, avoid: 'RU' }, callbackUrl: receiver.url },
      { 'idempotency-key': 'w-1' },
    );
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
    await server.app.inject({
      method: 'DELETE',
      url: `/watches/${first.json().id}`,
      headers: { authorization: `Bearer ${keys.watchKey}` },
    });
  });

  it('validates the query as /routes does, naming query.<parameter>', async () => {
    const misspelt = await createWatch(server.app, keys.watchKey, {
      query: { ...XIAN_DUISBURG, avoidd: 'RU' },
      callbackUrl: receiver.url,
    });
    expect(misspelt.statusCode).toBe(400);
    expect(misspelt.json()).toMatchObject({ code: 'INVALID_BODY', parameter: 'query.avoidd' });
    const badNumber = await createWatch(server.app, keys.watchKey, {
      query: 'origin=Xian&destination=Duisburg&alternatives=0x2',
      callbackUrl: receiver.url,
    });
    expect(badNumber.json()).toMatchObject({ code: 'INVALID_BODY', parameter: 'query.alternatives' });
    const unknownCountry = await createWatch(server.app, keys.watchKey, {
      query: { ...XIAN_DUISBURG, avoid: ['XX'] },
      callbackUrl: receiver.url,
    });
    expect(unknownCountry.json()).toMatchObject({ code: 'UNKNOWN_COUNTRY' });
    const unknownPlace = await createWatch(server.app, keys.watchKey, {
      query: { ...XIAN_DUISBURG, origin: 'Atlantis' },
      callbackUrl: receiver.url,
    });
    expect(unknownPlace.statusCode).toBe(404);
    const extra = await createWatch(server.app, keys.watchKey, {
      query: XIAN_DUISBURG,
      callbackUrl: receiver.url,
      colour: 'red',
    });
    expect(extra.json()).toMatchObject({ code: 'INVALID_BODY', parameter: 'colour' });
  });
});

describe('callback addresses', () => {
  let server: Server;
  let keys: { watchKey: string; opsKey: string };
  beforeAll(async () => {
    server = await startServer(
      { engine: 'sqlite', path: join(dir, 'strict.sqlite') },
      { allowPrivate: false },
    );
    keys = await keysFor(server);
  }, 30_000);
  afterAll(() => server?.close());

  it.each([
    ['https://127.0.0.1:8443/hook', 'loopback'],
    ['https://localhost/hook', 'loopback by name'],
    ['https://10.1.2.3/hook', 'private'],
    ['https://192.168.1.10/hook', 'private'],
    ['https://169.254.169.254/latest/meta-data', 'link-local (metadata service)'],
    ['https://[::1]/hook', 'IPv6 loopback'],
    ['https://[fd00::1]/hook', 'unique-local'],
    ['https://[fe80::1]/hook', 'IPv6 link-local'],
    ['https://[::ffff:127.0.0.1]/hook', 'IPv4-mapped loopback'],
    ['http://hooks.example.com/hook', 'plain http'],
    ['https://user:pw@hooks.example.com/hook', 'credentials in the URL'],
    ['not a url', 'not a URL'],
  ])('refuses %s (%s) with a 400 naming callbackUrl', async (callbackUrl) => {
    const response = await createWatch(server.app, keys.watchKey, { query: XIAN_DUISBURG, callbackUrl });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'INVALID_BODY',
      parameter: 'callbackUrl',
      value: callbackUrl,
    });
  });

  it('re-checks at send time: a delivery to a private address is never sent', async () => {
    // Created while private callbacks were allowed (another replica's setting), sent by one that refuses them.
    const lenient = await startServer(
      { engine: 'sqlite', path: join(dir, 'strict.sqlite') },
      { send: false, allowPrivate: true },
    );
    receiver.received.length = 0;
    const watch = (
      await createWatch(lenient.app, keys.watchKey, { query: XIAN_DUISBURG, callbackUrl: receiver.url })
    ).json();
    await lenient.close();
    await closeAktau(server.app, keys.opsKey);
    let delivery: { attempts: number; lastError: string | null } | undefined;
    for (let i = 0; i < 100 && (delivery?.attempts ?? 0) === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      delivery = (await server.live.store.watches.deliveries(watch.id))[0];
    }
    expect(delivery?.attempts).toBeGreaterThan(0);
    expect(delivery?.lastError).toContain('private');
    expect(receiver.received).toHaveLength(0);
  });
});

describe('deliveries across a restart', () => {
  it('sends after a restart a delivery queued before it', async () => {
    const location: StoreLocation = { engine: 'sqlite', path: join(dir, 'restart.sqlite') };
    // The first server queues but does not send (it goes down before its sender runs).
    const first = await startServer(location, { send: false });
    const keys = await keysFor(first);
    receiver.received.length = 0;
    const watch = (
      await createWatch(first.app, keys.watchKey, { query: XIAN_DUISBURG, callbackUrl: receiver.url })
    ).json();
    await closeAktau(first.app, keys.opsKey);
    for (let i = 0; i < 100; i++) {
      if ((await first.live.store.watches.deliveries(watch.id)).length > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const [queued] = await first.live.store.watches.deliveries(watch.id);
    expect(queued).toMatchObject({ status: 'pending', attempts: 0 });
    await first.close();
    expect(receiver.received).toHaveLength(0);

    const second = await startServer(location);
    try {
      const [hook] = await receiver.waitFor(1);
      expect(hook?.headers['webhook-id']).toBe(queued?.id);
      expect(
        verifyWebhook(
          watch.secret,
          {
            id: String(hook?.headers['webhook-id']),
            timestamp: String(hook?.headers['webhook-timestamp']),
            signature: String(hook?.headers['webhook-signature']),
          },
          hook?.body ?? '',
        ),
      ).toBe(true);
    } finally {
      await second.close();
    }
  }, 30_000);
});
