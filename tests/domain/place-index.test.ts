import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildPlaceIndex,
  foldText,
  matchScore,
  type NodeRecord,
  searchPlaceIds,
} from '../../src/domain/index.js';
import { inlineNetwork } from '../helpers/inline-network.js';

const node = (id: string, name: string, aliases: string[] = []): NodeRecord =>
  ({
    id,
    name,
    aliases,
    country: id.slice(0, 2),
    lat: 0,
    lon: 0,
    kinds: ['rail'],
    source: 'test',
  }) as NodeRecord;

const places = buildPlaceIndex([
  node('RO_CONSTANTA', 'Constanța Port', ['Constanta', 'Constanța', 'Constantza']),
  node('DE_KONSTANZ', 'Konstanz', ['Constance']),
  node('KZ_AKTAU', 'Aktau Port', ['Aktau', 'Актау']),
  node('KZ_AKTOBE', 'Aktobe'),
  node('KZ_AKTAU_CITY', 'Aktau City Yard'),
  node('DE_DUISBURG', 'Duisburg Intermodal', ['Duisburg']),
  node('TM_SARAKHS', 'Sarakhs (Turkmenistan)', ['Sarakhs']),
  node('IR_SARAKHS', 'Sarakhs (Iran)', ['Sarakhs']),
  node('PL_MALASZEWICZE', 'Małaszewicze'),
  node('CN_XIAN', "Xi'an International Port", ["Xi'an", 'Xian']),
]);

describe('searchPlaceIds', () => {
  it('matches names and aliases ignoring case, accents and punctuation', () => {
    expect(searchPlaceIds(places, 'CONSTANȚA', 5)[0]).toBe('RO_CONSTANTA');
    expect(searchPlaceIds(places, 'malaszewicze', 5)[0]).toBe('PL_MALASZEWICZE');
    expect(searchPlaceIds(places, 'XI AN', 5)[0]).toBe('CN_XIAN');
    expect(searchPlaceIds(places, 'Актау', 5)[0]).toBe('KZ_AKTAU');
  });

  it('matches node ids', () => {
    expect(searchPlaceIds(places, 'kz_aktobe', 5)).toEqual(['KZ_AKTOBE']);
  });

  it('ranks an exact name before names that merely start with it', () => {
    expect(searchPlaceIds(places, 'Aktau', 5)).toEqual(['KZ_AKTAU', 'KZ_AKTAU_CITY']);
  });

  it('lists names starting with the query before names within a typo of it', () => {
    // "akto" begins Aktobe; Aktau is one substitution away from "akta", not from "akto" as a start.
    expect(searchPlaceIds(places, 'Akto', 5)[0]).toBe('KZ_AKTOBE');
  });

  it('finds a name with a typo first (Constansa → Constanța, not Constance)', () => {
    const ids = searchPlaceIds(places, 'Constansa', 5);
    expect(ids[0]).toBe('RO_CONSTANTA');
    // Constance is two edits away, more than half an edit worse than Constanța: noise next to it.
    expect(ids).not.toContain('DE_KONSTANZ');
  });

  it('falls back to the closest name when nothing is one edit away', () => {
    const withoutConstanta = buildPlaceIndex([node('DE_KONSTANZ', 'Konstanz', ['Constance'])]);
    expect(searchPlaceIds(withoutConstanta, 'Constansa', 5)).toEqual(['DE_KONSTANZ']);
  });

  it('tolerates a swapped pair of letters in a longer name', () => {
    expect(searchPlaceIds(places, 'Duisbrug', 5)[0]).toBe('DE_DUISBURG');
  });

  it('tolerates a typo in the beginning of a longer name', () => {
    expect(searchPlaceIds(places, 'Duisbr', 5)[0]).toBe('DE_DUISBURG');
  });

  it('returns every node carrying a shared name', () => {
    expect(searchPlaceIds(places, 'Sarakhs', 5).sort()).toEqual(['IR_SARAKHS', 'TM_SARAKHS']);
  });

  it('applies a filter inside the search and respects the limit', () => {
    expect(searchPlaceIds(places, 'Sarakhs', 5, (id) => id.startsWith('IR'))).toEqual(['IR_SARAKHS']);
    expect(searchPlaceIds(places, 'Sarakhs', 1)).toHaveLength(1);
  });

  it('returns nothing for a query far from every name, or empty after folding', () => {
    expect(searchPlaceIds(places, 'Zzyzx', 5)).toEqual([]);
    expect(searchPlaceIds(places, ' -’ ', 5)).toEqual([]);
  });

  it('finds a name after one substitution, insertion or deletion (property, random names)', () => {
    const letter = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz');
    const name = fc.array(letter, { minLength: 5, maxLength: 14 }).map((a) => a.join(''));
    fc.assert(
      fc.property(
        fc.uniqueArray(name, { minLength: 20, maxLength: 60 }),
        fc.nat(),
        fc.nat(),
        fc.constantFrom('substitute', 'insert', 'delete'),
        (names, pickName, pickAt, edit) => {
          const index = buildPlaceIndex(names.map((n, i) => node(`XX_${i}`, n)));
          const target = names[pickName % names.length] as string;
          const at = pickAt % target.length;
          const typo =
            edit === 'substitute'
              ? `${target.slice(0, at)}${target[at] === 'q' ? 'x' : 'q'}${target.slice(at + 1)}`
              : edit === 'insert'
                ? `${target.slice(0, at)}q${target.slice(at)}`
                : `${target.slice(0, at)}${target.slice(at + 1)}`;
          fc.pre(!names.includes(typo));
          const ids = searchPlaceIds(index, typo, 60);
          const expected = index.byKey.get(foldText(target)) ?? [];
          expect(ids).toEqual(expect.arrayContaining(expected));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('matchScore', () => {
  it('scores a whole-word match by its edits and a match of a name start half an edit worse', () => {
    expect(matchScore('constanta', 'constanta', 3)).toBe(0);
    expect(matchScore('constansa', 'constanta', 3)).toBe(1);
    expect(matchScore('constansa', 'constantaport', 3)).toBe(1.5);
    expect(matchScore('duisbrug', 'duisburg', 2)).toBe(2);
  });

  it('returns max + 1 beyond the allowed edits', () => {
    expect(matchScore('brest', 'budapest', 1)).toBe(2);
  });
});

describe('place-search state', () => {
  it('belongs to each network: searching one network leaves another untouched', () => {
    const a = inlineNetwork(
      [
        { id: 'RO_CONSTANTA', lat: 44.2, lon: 28.6, name: 'Constanța Port', aliases: ['Constanta'] },
        { id: 'RO_BUCURESTI', lat: 44.4, lon: 26.1, name: 'București' },
      ],
      [{ from: 'RO_CONSTANTA', to: 'RO_BUCURESTI', distanceKm: 300 }],
    );
    const b = inlineNetwork(
      [
        { id: 'DE_KONSTANZ', lat: 47.7, lon: 9.2, name: 'Konstanz', aliases: ['Constance'] },
        { id: 'DE_DUISBURG', lat: 51.4, lon: 6.8, name: 'Duisburg' },
      ],
      [{ from: 'DE_KONSTANZ', to: 'DE_DUISBURG', distanceKm: 600 }],
    );
    expect(a.places).not.toBe(b.places);
    expect(a.places.rows).not.toBe(b.places.rows);
    const before = b.places.stagesRun;
    // Typo searches on a: each runs stages and scores keys with a's own rows.
    expect(searchPlaceIds(a.places, 'konstansa', 3)).toEqual(['RO_CONSTANTA']);
    expect(searchPlaceIds(a.places, 'bucurest', 3)).toEqual(['RO_BUCURESTI']);
    expect(a.places.stagesRun).toBeGreaterThan(0);
    expect(b.places.stagesRun).toBe(before);
    // b answers for its own nodes only, the same as a fresh copy of its index does.
    const fresh = buildPlaceIndex(b.nodes);
    for (const query of ['konstansa', 'duisbrug', 'constance']) {
      expect(searchPlaceIds(b.places, query, 3)).toEqual(searchPlaceIds(fresh, query, 3));
    }
    expect(searchPlaceIds(b.places, 'konstansa', 3)).toEqual(['DE_KONSTANZ']);
  });

  it('starts the stage stamps again when they would overflow, without losing matches', () => {
    const index = buildPlaceIndex([node('DE_DUISBURG', 'Duisburg'), node('DE_DRESDEN', 'Dresden')]);
    // Bring the counter to its last value; the next stage must reset the stamps, not wrap them.
    for (let i = 0; i < 3; i++) index.beginStage();
    Object.assign(index, { stage: 0x7fffffff });
    expect(searchPlaceIds(index, 'duisbrug', 3)).toEqual(['DE_DUISBURG']);
    expect(index.stagesRun).toBeLessThan(10);
    expect(searchPlaceIds(index, 'dresdn', 3)).toEqual(['DE_DRESDEN']);
  });
});
