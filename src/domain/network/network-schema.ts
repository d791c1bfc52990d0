/**
 * The graph-data file format, as zod schemas. graph-data/README.md documents the same rules for people;
 * cross-record rules (references, duplicates, great-circle bound) live in validate-records.ts.
 */
import { z } from 'zod';
import { isAlpha2 } from './countries.js';

export const NODE_KINDS = [
  'rail',
  'port',
  'ferry-terminal',
  'border',
  'gauge-change',
  'junction',
  'hub',
  'terminal',
] as const;
export const MODES = ['rail', 'ferry', 'road'] as const;
export const LINK_STATUSES = ['in-service', 'suspended', 'planned', 'closed'] as const;
/**
 * Where a link's distanceKm comes from: `sourced` (a cited length, chainage or operator figure), `derived`
 * (arithmetic on cited figures, e.g. a line's total less its other sections) or `estimate` (a method such as
 * great-circle × a detour factor, or a drawn sea path). The link's `source` names the citation or the method.
 */
export const DISTANCE_BASES = ['sourced', 'derived', 'estimate'] as const;

export type NodeKind = (typeof NODE_KINDS)[number];
export type Mode = (typeof MODES)[number];
export type LinkStatus = (typeof LINK_STATUSES)[number];
export type DistanceBasis = (typeof DISTANCE_BASES)[number];

const text = z.string().trim().min(1, 'must not be empty');
/** Longest name or alias of a place (the API caps the names it is asked for at the same length). */
export const MAX_PLACE_NAME_LENGTH = 200;
/** Most aliases one place may carry. */
export const MAX_ALIASES = 50;
/** Whether text holds a C0 control, DEL or a C1 control: never part of a name, and escape sequences in a terminal. */
export function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}
/** A name or alias of a place: printable text of at most MAX_PLACE_NAME_LENGTH characters. */
const placeName = text
  .max(MAX_PLACE_NAME_LENGTH, `must be at most ${MAX_PLACE_NAME_LENGTH} characters`)
  .refine((name) => !hasControlCharacter(name), {
    message: 'must not contain control characters (C0, DEL or C1, such as NUL, ESC or U+0097)',
  });
const placeAliases = z
  .array(placeName)
  .max(MAX_ALIASES, `must list at most ${MAX_ALIASES} aliases`)
  .default([]);
const countryCode = z
  .string()
  .refine((c) => isAlpha2(c), { message: 'must be an ISO 3166-1 alpha-2 code in upper case (e.g. "KZ")' });
const latitude = z.number().min(-90).max(90);
/** A calendar date, YYYY-MM-DD (a link opening or closing on that day, UTC). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a date YYYY-MM-DD such as "2030-01-01"');
const longitude = z.number().min(-180).max(180);

export const SeaRecordSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a lower-case slug such as "black-sea"'),
  name: placeName,
  aliases: placeAliases,
  source: text,
});

const NodeFieldsSchema = z.strictObject({
  id: z.string().regex(/^[A-Z]{2}_[A-Z0-9_]+$/, 'must be an upper-case slug CC_NAME such as "KZ_AKTAU"'),
  name: placeName,
  aliases: placeAliases,
  country: countryCode,
  lat: latitude,
  lon: longitude,
  kinds: z.array(z.enum(NODE_KINDS)).min(1, 'must list at least one kind'),
  unlocode: z
    .string()
    .regex(/^[A-Z]{2}[A-Z2-9]{3}$/, 'must be a 5-character UN/LOCODE such as "KZAAU"')
    .optional(),
  dwellHours: z
    .number()
    .min(0)
    .max(24 * 30)
    .optional(),
  /**
   * Typical time to move a consignment between modes here (port handling ship↔train, crane transfer
   * truck↔train), hours; charged by the ferry and road links that end here, never to a through train.
   */
  transferHours: z
    .number()
    .min(0)
    .max(24 * 30)
    .optional(),
  /**
   * A gauge-change node's own track gauge, mm: rail links of another gauge that end here carry the
   * transhipment (transferHours), so that only a consignment that changes gauge pays it.
   */
  gauge: z.number().int().min(600).max(2000).optional(),
  source: text,
  notes: z.string().optional(),
});
type NodeFields = z.output<typeof NodeFieldsSchema>;

// Cross-field rules are written as one refinement each (not one superRefine): z.compile (record-parsers.ts)
// inlines a refinement's predicate, and issues come out in the order written, as before.

export const NodeRecordSchema = NodeFieldsSchema.check(
  z.refine<NodeFields>((node) => node.id.startsWith(`${node.country}_`), {
    path: ['id'],
    error: (issue) => `must start with the node's country "${(issue.input as NodeFields).country}_"`,
  }),
  z.refine<NodeFields>((node) => !node.unlocode || node.unlocode.startsWith(node.country), {
    path: ['unlocode'],
    error: (issue) => `must start with the node's country "${(issue.input as NodeFields).country}"`,
  }),
);

const LinkFieldsSchema = z.strictObject({
  from: text,
  to: text,
  mode: z.enum(MODES),
  distanceKm: z.number().positive().max(40_000),
  gauge: z.number().int().min(600).max(2000).optional(),
  electrified: z.boolean().optional(),
  sea: z.string().optional(),
  sailingHours: z
    .number()
    .positive()
    .max(24 * 30)
    .optional(),
  sailingsPerWeek: z
    .number()
    .positive()
    .max(7 * 24)
    .optional(),
  operator: text.optional(),
  line: text.optional(),
  countries: z.array(countryCode).optional(),
  waypoints: z.array(z.tuple([longitude, latitude])).optional(),
  status: z.enum(LINK_STATUSES).default('in-service'),
  /** First day the link carries traffic (a planned link opens; an in-service link opened). */
  opensOn: isoDate.optional(),
  /** First day the link no longer carries traffic (a closure, a line out of service). */
  closedOn: isoDate.optional(),
  oneway: z.boolean().default(false),
  speedKmh: z.number().positive().max(300).optional(),
  /** How distanceKm was obtained (see DISTANCE_BASES); `source` gives the citation or the method. */
  distanceBasis: z.enum(DISTANCE_BASES).optional(),
  source: text,
  notes: z.string().optional(),
});
type LinkFields = z.output<typeof LinkFieldsSchema>;

/**
 * Fields that belong to some modes only: not allowed on a link of another mode, and, when `requiredWhy` is
 * given, required on a link of those modes (the message says why).
 */
const MODE_FIELDS: readonly { field: keyof LinkFields; modes: readonly Mode[]; requiredWhy?: string }[] = [
  { field: 'gauge', modes: ['rail'], requiredWhy: 'for a rail link' },
  { field: 'electrified', modes: ['rail'] },
  { field: 'sea', modes: ['ferry'], requiredWhy: 'for a ferry link (a seas.json id)' },
  { field: 'sailingHours', modes: ['ferry'], requiredWhy: 'for a ferry link' },
  { field: 'sailingsPerWeek', modes: ['ferry'], requiredWhy: 'for a ferry link' },
];

const modeFieldRules = MODE_FIELDS.flatMap(({ field, modes, requiredWhy }) => [
  ...(requiredWhy === undefined
    ? []
    : [
        z.refine<LinkFields>((link) => !modes.includes(link.mode) || link[field] !== undefined, {
          path: [field],
          message: `is required ${requiredWhy}`,
        }),
      ]),
  z.refine<LinkFields>((link) => modes.includes(link.mode) || link[field] === undefined, {
    path: [field],
    error: (issue) => `is not allowed for a ${(issue.input as LinkFields).mode} link`,
  }),
]);

export const LinkRecordSchema = LinkFieldsSchema.check(
  ...modeFieldRules,
  z.refine<LinkFields>((link) => !(link.opensOn && link.closedOn && link.closedOn <= link.opensOn), {
    path: ['closedOn'],
    error: (issue) => `must be after opensOn "${(issue.input as LinkFields).opensOn}"`,
  }),
  z.refine<LinkFields>((link) => link.from !== link.to, { path: ['to'], message: 'must differ from "from"' }),
);

const sourcedNumber = z.strictObject({
  value: z.number().nonnegative(),
  unit: z.string().optional(),
  source: text,
});

/** How a figure was obtained, in ISO 14083's terms (primary data, modelled, default values) or an estimate. */
export const DATA_QUALITIES = ['primary', 'modelled', 'default', 'estimate'] as const;
/** Hub operations along a transport chain that ISO 14083 counts as their own elements. */
export const HUB_TYPES = ['port', 'ferry-terminal', 'gauge-change', 'transhipment'] as const;

const share = z.number().min(0).max(1);
const qualified = { dataQuality: z.enum(DATA_QUALITIES), source: text };
const hubFactor = z.strictObject({
  wtwKgPerTonne: z.number().nonnegative(),
  tankToWheelShare: share,
  ...qualified,
});

/**
 * ISO 14083 accounting: how each per-mode WTW factor of emissionFactors splits into tank-to-wheel and
 * well-to-tank, the hub operations' intensities, the distance adjustment factors and the default container
 * payloads. Optional: a network without it cannot answer emissions=iso14083.
 */
export const Iso14083ParametersSchema = z.strictObject({
  tankToWheelShare: z.strictObject({
    railElectric: z.strictObject({ value: share, ...qualified }),
    railDiesel: z.strictObject({ value: share, ...qualified }),
    ferry: z.strictObject({ value: share, ...qualified }),
    road: z.strictObject({ value: share, ...qualified }),
  }),
  hubs: z.strictObject({
    port: hubFactor,
    'ferry-terminal': hubFactor,
    'gauge-change': hubFactor,
    transhipment: hubFactor,
  }),
  distanceAdjustmentFactor: z.strictObject({
    rail: z.strictObject({ value: z.number().min(1).max(2), source: text }),
    ferry: z.strictObject({ value: z.number().min(1).max(2), source: text }),
    road: z.strictObject({ value: z.number().min(1).max(2), source: text }),
  }),
  payloadTonnes: z.strictObject({
    teu: z.strictObject({ value: z.number().positive().max(30), ...qualified }),
    feu: z.strictObject({ value: z.number().positive().max(30), ...qualified }),
  }),
});

export const ParametersSchema = z.strictObject({
  railSpeedKmh: z.strictObject({
    default: sourcedNumber.refine((s) => s.value > 0, { message: 'value must be positive', path: ['value'] }),
    byCountry: z.record(countryCode, sourcedNumber).default({}),
  }),
  roadSpeedKmh: sourcedNumber.refine((s) => s.value > 0, {
    message: 'value must be positive',
    path: ['value'],
  }),
  defaultDwellHours: z.partialRecord(z.enum(NODE_KINDS), sourcedNumber).default({}),
  /**
   * Mode-change handling where a node has no transferHours of its own: by node kind (ports, ferry terminals),
   * else `default` (a truck↔train transfer at a railhead that is not a port). Absent: no handling is charged.
   */
  transferHours: z
    .strictObject({
      default: sourcedNumber,
      byKind: z.partialRecord(z.enum(NODE_KINDS), sourcedNumber).default({}),
    })
    .optional(),
  emissionFactors: z.strictObject({
    railElectric: sourcedNumber,
    railDiesel: sourcedNumber,
    ferry: sourcedNumber,
    road: sourcedNumber,
  }),
  iso14083: Iso14083ParametersSchema.optional(),
  notes: z.string().optional(),
});

export type SeaRecord = z.output<typeof SeaRecordSchema>;
export type NodeRecord = z.output<typeof NodeRecordSchema>;
export type LinkInput = z.output<typeof LinkRecordSchema>;
export type Parameters = z.output<typeof ParametersSchema>;
export type Iso14083Parameters = z.output<typeof Iso14083ParametersSchema>;
export type HubType = (typeof HUB_TYPES)[number];
export type DataQuality = (typeof DATA_QUALITIES)[number];
