/**
 * A JSON serializer compiled from a zod output schema, for answers too large to run through zod on every
 * request. The schema stays the contract (OpenAPI is generated from it); this only writes what zod's encoding
 * would write, faster: each object's keys in the schema's order, unknown keys dropped, absent optional keys
 * left out, arrays element by element, then JSON.stringify. It does not re-validate the values (they come from
 * the domain, not from a client); tests check that its output equals the schema-validated output.
 *
 * Supported: objects (stripping unknown keys), arrays, optional, nullable, string, number, boolean, enum and
 * literal. Anything else (transforms, codecs, unions, passthrough objects) is refused when compiling, so a
 * schema change cannot make it serialize differently from zod without failing at start.
 */
import type { z } from 'zod';

type Project = (value: unknown) => unknown;

const asIs: Project = (value) => value;

/** Whether values of this schema serialize as they are (nothing to order or strip inside them). */
const isPlain = (project: Project) => project === asIs;

function compile(schema: z.core.$ZodType, path: string): Project {
  const def = schema._zod.def as z.core.$ZodTypeDef & {
    shape?: Record<string, z.core.$ZodType>;
    catchall?: z.core.$ZodType;
    element?: z.core.$ZodType;
    innerType?: z.core.$ZodType;
  };
  switch (def.type) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'enum':
    case 'literal':
      return asIs;
    case 'optional':
      // An absent optional key is left out by the object that holds it.
      return compile(def.innerType as z.core.$ZodType, path);
    case 'nullable': {
      const inner = compile(def.innerType as z.core.$ZodType, path);
      return isPlain(inner) ? asIs : (value) => (value === null ? null : inner(value));
    }
    case 'array': {
      const element = compile(def.element as z.core.$ZodType, `${path}[]`);
      return isPlain(element) ? asIs : (value) => (value as unknown[]).map(element);
    }
    case 'object': {
      if (def.catchall !== undefined && def.catchall._zod.def.type !== 'never') {
        throw new Error(
          `fast-serializer: ${path || 'root'}: objects that keep unknown keys are not supported`,
        );
      }
      // A function per object shape, `(v) => ({ key: v.key, ... })`, builds every copy with one hidden class
      // (the keys come from our own schema and are quoted with JSON.stringify). An absent optional key gets
      // `undefined`, which JSON.stringify leaves out as zod's encoding does.
      const fields = Object.entries(def.shape ?? {}).map(
        ([key, field]) => [key, compile(field, `${path}.${key}`)] as const,
      );
      const projects = fields.map(([, project]) => project);
      const body = fields
        .map(([key, project], i) => {
          const k = JSON.stringify(key);
          return isPlain(project)
            ? `${k}: v[${k}]`
            : `${k}: v[${k}] === undefined ? undefined : p[${i}](v[${k}])`;
        })
        .join(', ');
      return new Function('p', `return (v) => ({ ${body} });`)(projects) as Project;
    }
    default:
      throw new Error(`fast-serializer: ${path || 'root'}: zod type "${def.type}" is not supported`);
  }
}

/** Compiles `schema` into a function that serializes a value of its output type to JSON. */
export function compileSerializer(schema: z.core.$ZodType): (value: unknown) => string {
  const project = compile(schema, '');
  return (value) => JSON.stringify(project(value));
}
