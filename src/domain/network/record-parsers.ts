/**
 * The record schemas of network-schema.ts compiled once by zod's own ahead-of-time compiler (`z.compile`,
 * https://zod.dev/compile): a valid record is read by code generated from the schema, an invalid one falls
 * back to zod's runtime parser, which words every issue. Accepted records and problems are therefore exactly
 * the schema's, and a field added to a schema needs no edit here. Loading a large network is dominated by
 * these parses, which is why they are compiled.
 */
import { z } from 'zod';
import { LinkRecordSchema, NodeRecordSchema, ParametersSchema, SeaRecordSchema } from './network-schema.js';

/**
 * The schemas the records of a network file are parsed with, each compiled once. `z.compile` hands a schema
 * back uncompiled (still correct, only slower) when it cannot model a construct; a test compiles them in
 * strict mode so that such a change is noticed.
 */
export const RECORD_PARSERS = {
  sea: z.compile(SeaRecordSchema),
  node: z.compile(NodeRecordSchema),
  link: z.compile(LinkRecordSchema),
  // Parsed once per network: compiling it would buy nothing.
  parameters: ParametersSchema,
} as const;
