/**
 * Graph data refused at the byte level and by the name rules: invalid UTF-8 (named by file, line, column and
 * offset instead of turning into U+FFFD), files over the size cap (refused before they are read), and names
 * or aliases with control characters or over the length cap (named by file, record and field).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadNetwork, NetworkDataError } from '../../src/domain/index.js';
import { invalidUtf8Position } from '../../src/domain/network/data-bytes.js';
import { MAX_PLACE_NAME_LENGTH } from '../../src/domain/network/network-schema.js';
import { FIXTURE_DIR } from '../helpers/test-app.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function copyWith(file: string, edit: (raw: Buffer) => Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'bad-bytes-'));
  dirs.push(dir);
  cpSync(FIXTURE_DIR, dir, { recursive: true });
  const path = join(dir, file);
  writeFileSync(path, edit(readFileSync(path)));
  return dir;
}

function loadError(dir: string, options?: Parameters<typeof loadNetwork>[1]): string {
  try {
    loadNetwork(dir, options);
  } catch (error) {
    expect(error).toBeInstanceOf(NetworkDataError);
    return (error as Error).message;
  }
  throw new Error('the network loaded');
}

type Json = Record<string, unknown>;
const editNode = (id: string, change: (node: Json) => void) => (raw: Buffer) => {
  const nodes = JSON.parse(raw.toString('utf8')) as Json[];
  change(nodes.find((n) => n.id === id) as Json);
  return Buffer.from(JSON.stringify(nodes, null, 2));
};

describe('invalidUtf8Position', () => {
  it('finds the first invalid byte with its line and column, and accepts valid text', () => {
    expect(invalidUtf8Position(Buffer.from('Ақтау “Aktau” 🚢\n', 'utf8'))).toBeUndefined();
    expect(invalidUtf8Position(Buffer.from([0x61, 0x0a, 0x62, 0x63, 0xff]))).toEqual({
      offset: 4,
      line: 2,
      column: 3,
    });
    // An overlong encoding of "/", a UTF-16 surrogate and a truncated sequence are all invalid.
    expect(invalidUtf8Position(Buffer.from([0xc0, 0xaf]))?.offset).toBe(0);
    expect(invalidUtf8Position(Buffer.from([0x41, 0xed, 0xa0, 0x80]))?.offset).toBe(1);
    expect(invalidUtf8Position(Buffer.from([0x41, 0x42, 0xe2, 0x82]))?.offset).toBe(2);
  });
});

describe('loadNetwork refuses bad bytes', () => {
  it('a 0xFF byte: names the file, line, column and offset', () => {
    const dir = copyWith('nodes/nodes.json', (raw) => {
      const at = raw.indexOf('Aktau');
      const out = Buffer.from(raw);
      out[at] = 0xff;
      return out;
    });
    const message = loadError(dir);
    expect(message).toMatch(/nodes\/nodes\.json:\d+:\d+: is not valid UTF-8 \(byte 0xFF at offset \d+\)/);
    expect(message).not.toContain('\uFFFD');
  });

  it('a file over the size cap is refused before it is read', () => {
    const dir = copyWith('links/land.json', (raw) => raw);
    const message = loadError(dir, { maxFileBytes: 1000 });
    expect(message).toMatch(/links\/land\.json: is \d+ bytes, more than the 1000 a data file may have/);
  });
});

describe('names and aliases', () => {
  it.each([
    ['NUL', 'Ak\u0000tau'],
    ['ESC', '\u001b[31mAktau'],
    ['DEL', 'Aktau\u007f'],
    ['C1 U+0097', 'Ak\u0097tau'],
  ])('a name with %s is refused naming file, record and field', (_what, name) => {
    const dir = copyWith(
      'nodes/nodes.json',
      editNode('KZ_AKTAU', (n) => {
        n.name = name;
      }),
    );
    expect(loadError(dir)).toMatch(
      /nodes\/nodes\.json\[\d+\] \(KZ_AKTAU\)\.name: must not contain control characters/,
    );
  });

  it('an alias with a control character is refused naming its index', () => {
    const dir = copyWith(
      'nodes/nodes.json',
      editNode('KZ_AKTAU', (n) => {
        n.aliases = ['Aqtau', 'Shevchenko\u0007'];
      }),
    );
    expect(loadError(dir)).toMatch(/\(KZ_AKTAU\)\.aliases\[1\]: must not contain control characters/);
  });

  it(`names and aliases over ${MAX_PLACE_NAME_LENGTH} characters are refused`, () => {
    const dir = copyWith(
      'nodes/nodes.json',
      editNode('KZ_AKTAU', (n) => {
        n.aliases = ['A'.repeat(MAX_PLACE_NAME_LENGTH + 1)];
      }),
    );
    expect(loadError(dir)).toMatch(/\(KZ_AKTAU\)\.aliases\[0\]: must be at most 200 characters/);
    const ok = copyWith(
      'nodes/nodes.json',
      editNode('KZ_AKTAU', (n) => {
        n.aliases = ['A'.repeat(MAX_PLACE_NAME_LENGTH)];
      }),
    );
    expect(loadNetwork(ok).nodes.length).toBeGreaterThan(0);
  });
});
