/**
 * A JSON serializer compiled from a zod output schema, for answers too large to run through zod and
 * JSON.stringify on every request. The schema stays the contract (OpenAPI is generated from it); this writes the
 * text zod's encoding plus JSON.stringify would write, in ASCII (ascii-json.ts): each object's keys in the
 * schema's order, unknown keys dropped, absent optional keys left out, arrays element by element. It does not
 * re-validate the values (they come from the domain, not from a client), except that a required key must be
 * present; tests check its output against the schema-validated output.
 *
 * Where the time goes, and what this does about it:
 * - Strings: the same few thousand (node names, ids, country codes, line names) recur in every answer; each is
 *   quoted and escaped once and remembered.
 * - Numbers: answers carry figures rounded to one decimal, whose shortest form is written from two integers
 *   instead of by the general double-to-text conversion (the same digits; see writeNumber).
 * - Frozen objects (the node references and legs the domain shares between answers): written once, then
 *   reused, so a leg costs a lookup. Only frozen objects are remembered, as only they cannot change afterwards.
 *
 * What is remembered lives in a SerializerMemo that the serializer's owner (a route planner, so one per app or
 * worker) holds; it is bounded, and a memory that is full starts over rather than growing or going stale.
 *
 * Supported: objects (stripping unknown keys), arrays, optional, nullable, string, number, boolean, enum and
 * literal. Anything else (transforms, codecs, unions, passthrough objects) is refused when compiling, so a
 * schema change cannot make it serialize differently from zod without failing at start.
 */
import type { z } from 'zod';
import { escapeNonAscii } from './ascii-json.js';

type Write = (value: unknown) => string;

/** Limits of a SerializerMemo. */
export interface SerializerMemoOptions {
  /** Most distinct strings remembered in their JSON form (network names and ids are a few thousand). */
  maxStrings?: number;
  /** Most frozen objects remembered in their JSON form, over every serializer sharing the memo. */
  maxFrozen?: number;
}

export const DEFAULT_MAX_STRINGS = 200_000;
export const DEFAULT_MAX_FROZEN = 500_000;

/**
 * What compiled serializers remember: strings as JSON literals and frozen objects as their JSON text. When a
 * memory reaches its limit it is emptied and fills again with what answers use now (the strings and legs of
 * one network are far fewer than the limits, so this happens only under unusual traffic, never silently
 * ending the remembering).
 */
export class SerializerMemo {
  private strings = new Map<string, string>();
  private frozen = new WeakMap<object, string>();
  private frozenCount = 0;
  readonly maxStrings: number;
  readonly maxFrozen: number;

  constructor({
    maxStrings = DEFAULT_MAX_STRINGS,
    maxFrozen = DEFAULT_MAX_FROZEN,
  }: SerializerMemoOptions = {}) {
    this.maxStrings = maxStrings;
    this.maxFrozen = maxFrozen;
  }

  /** Strings remembered now. */
  get stringCount(): number {
    return this.strings.size;
  }

  /** Frozen objects remembered now. */
  get frozenObjectCount(): number {
    return this.frozenCount;
  }

  /** A string as a JSON literal, in ASCII. */
  string(s: string): string {
    let json = this.strings.get(s);
    if (json === undefined) {
      json = escapeNonAscii(JSON.stringify(s));
      if (this.strings.size >= this.maxStrings) this.strings = new Map();
      this.strings.set(s, json);
    }
    return json;
  }

  /** The remembered text of a frozen object, if any. */
  frozenText(value: object): string | undefined {
    return this.frozen.get(value);
  }

  /** Remembers the text of a frozen object. */
  rememberFrozen(value: object, json: string): void {
    if (this.frozenCount >= this.maxFrozen) {
      this.frozen = new WeakMap();
      this.frozenCount = 0;
    }
    this.frozen.set(value, json);
    this.frozenCount++;
  }
}

/** A string as a JSON literal, in ASCII (not remembered). */
export function writeString(s: string): string {
  return escapeNonAscii(JSON.stringify(s));
}

/**
 * A number as JSON.stringify writes it. A value that is a whole number of tenths (t / 10, t an integer below
 * 10^15 in magnitude) is written as "q.r" from t: that decimal reads back as the same double, and no shorter
 * one does (one digit fewer is a whole number, which this value is not), so it is the shortest round-trip form
 * ECMAScript's Number::toString chooses. Other values go through the general conversion.
 */
export function writeNumber(x: number): string {
  if (Number.isInteger(x)) return x === 0 ? '0' : `${x}`; // -0 is written 0, as JSON.stringify does
  if (!Number.isFinite(x)) return 'null';
  const t = Math.round(x * 10);
  if (t / 10 === x && t < 1e15 && t > -1e15) {
    const a = t < 0 ? -t : t;
    return `${t < 0 ? '-' : ''}${Math.floor(a / 10)}.${a % 10}`;
  }
  return `${x}`;
}

const writeBoolean: Write = (v) => (v ? 'true' : 'false');

/** A literal or enum value: a string, number, boolean or null. */
const scalarWriter =
  (memo: SerializerMemo): Write =>
  (v) =>
    typeof v === 'string'
      ? memo.string(v)
      : typeof v === 'number'
        ? writeNumber(v)
        : typeof v === 'boolean'
          ? writeBoolean(v)
          : 'null';

/**
 * Makes V8 store a string built by concatenation as one flat string (converting it to a number flattens it in
 * place). A remembered text is copied into every answer that uses it, and copying a concatenation tree of
 * hundreds of pieces every time costs several times more than copying one flat string.
 */
function flatten(s: string): string {
  Number(s);
  return s;
}

/** Remembers what `write` makes of frozen objects. */
function rememberFrozen(write: Write, memo: SerializerMemo): Write {
  return (v) => {
    if (!Object.isFrozen(v)) return write(v);
    let json = memo.frozenText(v as object);
    if (json === undefined) {
      json = flatten(write(v));
      memo.rememberFrozen(v as object, json);
    }
    return json;
  };
}

function missing(path: string): never {
  throw new Error(`fast-serializer: ${path} is required but absent`);
}

function compile(schema: z.core.$ZodType, path: string, memo: SerializerMemo): Write {
  const def = schema._zod.def as z.core.$ZodTypeDef & {
    shape?: Record<string, z.core.$ZodType>;
    catchall?: z.core.$ZodType;
    element?: z.core.$ZodType;
    innerType?: z.core.$ZodType;
  };
  switch (def.type) {
    case 'string': {
      const write = (v: unknown) => memo.string(v as string);
      return write;
    }
    case 'number':
      return writeNumber as Write;
    case 'boolean':
      return writeBoolean;
    case 'enum':
    case 'literal':
      return scalarWriter(memo);
    case 'optional':
      // An absent optional key is left out by the object that holds it.
      return compile(def.innerType as z.core.$ZodType, path, memo);
    case 'nullable': {
      const inner = compile(def.innerType as z.core.$ZodType, path, memo);
      return (v) => (v === null ? 'null' : inner(v));
    }
    case 'array': {
      const element = compile(def.element as z.core.$ZodType, `${path}[]`, memo);
      return (v) => {
        const items = v as unknown[];
        if (items.length === 0) return '[]';
        let s = `[${element(items[0])}`;
        for (let i = 1; i < items.length; i++) s += `,${element(items[i])}`;
        return `${s}]`;
      };
    }
    case 'object': {
      if (def.catchall !== undefined && def.catchall._zod.def.type !== 'never') {
        throw new Error(
          `fast-serializer: ${path || 'root'}: objects that keep unknown keys are not supported`,
        );
      }
      // One function per object shape, generated from the schema's own keys (quoted with JSON.stringify), so
      // every key is a constant and the property reads are monomorphic.
      const fields = Object.entries(def.shape ?? {}).map(([key, field]) => ({
        key,
        write: compile(field, `${path}.${key}`, memo),
        optional: field._zod.optin === 'optional',
      }));
      const lines: string[] = ['let s = "{";', 'let x;'];
      // Whether a key has certainly been written before this one (then a comma always precedes it).
      let written = false;
      fields.forEach(({ key, optional }, i) => {
        const k = JSON.stringify(key);
        const label = JSON.stringify(escapeNonAscii(`${k}:`));
        const comma = written ? `s += "," + ${label};` : `s += (s.length > 1 ? "," : "") + ${label};`;
        lines.push(`x = v[${k}];`);
        if (optional) {
          lines.push(`if (x !== undefined) { ${comma} s += w[${i}](x); }`);
        } else {
          lines.push(`if (x === undefined) missing(${JSON.stringify(`${path}.${key}`)});`);
          lines.push(`${comma} s += w[${i}](x);`);
          written = true;
        }
      });
      lines.push('return s + "}";');
      const write = new Function('w', 'missing', `return (v) => { ${lines.join('\n')} };`)(
        fields.map((f) => f.write),
        missing,
      ) as Write;
      return rememberFrozen(write, memo);
    }
    default:
      throw new Error(`fast-serializer: ${path || 'root'}: zod type "${def.type}" is not supported`);
  }
}

/**
 * Compiles `schema` into a function that serializes a value of its output type to ASCII JSON, remembering in
 * `memo` (a memo of its own by default).
 */
export function compileSerializer(
  schema: z.core.$ZodType,
  memo: SerializerMemo = new SerializerMemo(),
): (value: unknown) => string {
  return compile(schema, '', memo);
}
