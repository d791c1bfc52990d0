/**
 * The operators' CLI, spawned as an operator runs it, on a SQLite store named by DATABASE_URL: keys are
 * printed once and alone, work, list without the secret, and revoke; disruptions are added, listed and ended.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStateStore } from '../../src/state/index.js';
import { apiKeySecret } from '../helpers/api-key-secret.js';
import { spawnCli } from '../helpers/spawn-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'efr-cli-'));
const path = join(dir, 'state.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => spawnCli(args, { DATABASE_URL: `sqlite:${path}` });

describe('eurasia-freight-routes keys and disruptions', () => {
  it('creates a key, prints it alone on stdout, lists it without the secret, and revokes it', {
    timeout: 240_000,
  }, async () => {
    const created = cli('keys', 'create', '--name', 'ops-desk', '--scope', 'disruptions:write');
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^efr_[0-9a-f]{16}_[A-Za-z0-9_-]{43}\n$/);
    const key = created.stdout.trim();
    const store = await openStateStore({ engine: 'sqlite', path });
    try {
      expect((await store.keys.verify(key))?.name).toBe('ops-desk');
      const listed = cli('keys', 'list');
      expect(listed.stdout).toContain('ops-desk');
      expect(listed.stdout).not.toContain(apiKeySecret(key));
      expect(cli('keys', 'revoke', 'ops-desk').code).toBe(0);
      expect(await store.keys.verify(key)).toBeUndefined();
      expect(cli('keys', 'revoke', 'ops-desk').code).toBe(1);
    } finally {
      await store.close();
    }
    const bad = cli('keys', 'create', '--name', 'x', '--scope', 'admin');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unknown scope');
    expect(cli('keys', 'create', '--scope', 'disruptions:write').code).toBe(2);
  });

  it('adds, lists and ends disruptions, checking the target against the network', {
    timeout: 240_000,
  }, () => {
    const added = cli(
      'disruptions',
      'add',
      '--target',
      'node:kz_aktau',
      '--effect',
      'delay',
      '--extra-hours',
      '72',
      '--starts-at',
      '2026-12-01T06:00:00Z',
      '--reason',
      'Aktau queue',
      '--source',
      'https://example.org/q',
    );
    expect(added.code, added.stderr).toBe(0);
    const id = added.stdout.trim();
    expect(cli('disruptions', 'list').stdout).toContain(`${id}  active`);
    const listed = JSON.parse(cli('disruptions', 'list', '--json').stdout);
    expect(listed[0]).toMatchObject({ id, target: { kind: 'node', id: 'KZ_AKTAU' }, extraHours: 72 });
    expect(listed[0].createdBy).toMatch(/^cli:/);
    const ended = cli('disruptions', 'end', id);
    expect(ended.code).toBe(0);
    expect(ended.stdout).toContain('ended');
    expect(cli('disruptions', 'list').stdout).not.toContain(id);
    expect(cli('disruptions', 'list', '--all').stdout).toContain(id);

    const unknown = cli(
      'disruptions',
      'add',
      '--target',
      'node:ATLANTIS',
      '--effect',
      'closed',
      '--reason',
      'r',
      '--source',
      's',
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('ATLANTIS');
    const noHours = cli(
      'disruptions',
      'add',
      '--target',
      'sea:caspian',
      '--effect',
      'delay',
      '--reason',
      'r',
      '--source',
      's',
    );
    expect(noHours.code).toBe(2);
    expect(noHours.stderr).toContain('--extra-hours');
    expect(cli('disruptions', 'end', 'nope').code).toBe(1);
  });

  it('creates a watches:write key, lists watches of every key and removes one', {
    timeout: 240_000,
  }, async () => {
    const created = cli('keys', 'create', '--name', 'forwarder', '--scope', 'watches:write');
    expect(created.code, created.stderr).toBe(0);
    const store = await openStateStore({ engine: 'sqlite', path });
    let id: string;
    try {
      expect((await store.keys.verify(created.stdout.trim()))?.scopes).toEqual(['watches:write']);
      const watch = await store.watches.create({
        apiKeyId: 'k1',
        createdBy: 'forwarder',
        query: { origin: 'CN_XIAN', destination: 'DE_DUISBURG', avoid: ['RU', 'BY'] },
        callbackUrl: 'https://hooks.example.com/freight',
        fingerprint: 'f',
        answer: { outcome: 'route' },
        stateVersion: 1,
      });
      if (watch.kind !== 'created') throw new Error('not created');
      id = watch.watch.id;
    } finally {
      await store.close();
    }
    const listed = cli('watches', 'list');
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).toContain('CN_XIAN → DE_DUISBURG avoid RU,BY');
    expect(listed.stdout).toContain('no delivery yet');
    expect(cli('watches', 'remove', id).code).toBe(0);
    expect(cli('watches', 'list').stdout).not.toContain(id);
    expect(cli('watches', 'remove', id).code).toBe(1);
  });
});
