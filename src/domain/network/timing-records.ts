/**
 * Validation of the optional timing files (timetables.json, seasons.json, dwell.json) against a loaded network:
 * every record against its zod schema, every node, link and sea it names against the network, each problem
 * named by file, record and field. The result is the timing data the timing model reads (src/domain/timing/).
 */
import { NetworkDataError } from '../errors.js';
import type { Network } from './network.js';
import {
  type BlockTrainRecord,
  BlockTrainRecordSchema,
  DwellFileSchema,
  type DwellRecord,
  DwellRecordSchema,
  type DwellSpread,
  type HandlingRecord,
  HandlingRecordSchema,
  type SeasonRecord,
  SeasonRecordSchema,
  type TimetableRecord,
  TimetableRecordSchema,
} from './timing-schema.js';
import { parseArray, type RecordFile } from './validate-records.js';

/** The timing facts of a network, indexed for the timing model. */
export interface TimingData {
  /** Sailing patterns by link id: the link's periods, the one without `from` first, then by their first day. */
  timetables: Map<string, TimetableRecord[]>;
  /** Weather closures of sailings from a port, by node id. */
  seasonsByPort: Map<string, SeasonRecord>;
  /** Weather closures of sailings on a sea (for ports without a record of their own), by sea id. */
  seasonsBySea: Map<string, SeasonRecord>;
  /** Dwell distributions by node id, ordered by their first day. */
  dwellByNode: Map<string, DwellRecord[]>;
  /** The dwell records that already cover a node's dwell (the other side of a crossing), by node id. */
  includedBy: Map<string, DwellRecord[]>;
  /** The spread of a node's fixed dwell where no record applies. */
  defaultSpread: DwellSpread;
  /** Handling spreads at ports and gauge-change stations, by node id (else defaultSpread on transferHours). */
  handlingByNode: Map<string, HandlingRecord>;
  /** Block-train services by origin node id: each service's periods, ordered by their first day. */
  blockTrainsByOrigin: Map<string, BlockTrainRecord[][]>;
}

/** The timing files as read from disk; any may be absent. */
export interface TimingFiles {
  timetables?: RecordFile;
  seasons?: RecordFile;
  dwell?: RecordFile;
  blockTrains?: RecordFile;
}

/** No spread: a node's dwell is its fixed figure (used when dwell.json is absent). */
export const FIXED_DWELL: DwellSpread = Object.freeze({
  p10Factor: 1,
  p90Factor: 1,
  source: 'no dwell.json: dwell is the fixed figure of each node',
});

/**
 * Validates the timing files against the network.
 * @throws NetworkDataError listing every problem, each naming file, record and field.
 */
export function validateTimingRecords(files: TimingFiles, network: Network): TimingData {
  const problems: string[] = [];
  const data: TimingData = {
    timetables: new Map(),
    seasonsByPort: new Map(),
    seasonsBySea: new Map(),
    dwellByNode: new Map(),
    includedBy: new Map(),
    defaultSpread: FIXED_DWELL,
    handlingByNode: new Map(),
    blockTrainsByOrigin: new Map(),
  };
  const knownNode = (id: string, where: string) => {
    if (network.nodeById.has(id)) return true;
    problems.push(`${where}: "${id}" is not a known node`);
    return false;
  };

  if (files.timetables) {
    for (const { record, where } of parseArray(files.timetables, TimetableRecordSchema, problems)) {
      const link = network.linkById.get(record.link);
      if (!link) problems.push(`${where}.link: "${record.link}" is not a known link id (FROM--TO--mode)`);
      else if (link.mode !== 'ferry') problems.push(`${where}.link: "${record.link}" is not a ferry link`);
      else {
        const periods = data.timetables.get(record.link) ?? [];
        if (periods.some((p) => p.from === record.from))
          problems.push(
            `${where}.from: "${record.link}" already has a timetable ${record.from === undefined ? 'from the start (no from)' : `from ${record.from}`}`,
          );
        else {
          periods.push(record);
          data.timetables.set(record.link, periods);
        }
      }
    }
    // The record without a first day applies from the start; the others take over in date order.
    for (const periods of data.timetables.values())
      periods.sort((a, b) =>
        a.from === b.from ? 0 : a.from === undefined || (b.from !== undefined && a.from < b.from) ? -1 : 1,
      );
  }

  if (files.seasons) {
    for (const { record, where } of parseArray(files.seasons, SeasonRecordSchema, problems)) {
      if (record.port !== undefined && knownNode(record.port, `${where}.port`)) {
        if (data.seasonsByPort.has(record.port))
          problems.push(`${where}.port: "${record.port}" already has a season record`);
        else data.seasonsByPort.set(record.port, record);
      }
      if (record.sea !== undefined) {
        if (!network.seas.has(record.sea))
          problems.push(`${where}.sea: "${record.sea}" is not a seas.json id`);
        else if (data.seasonsBySea.has(record.sea))
          problems.push(`${where}.sea: "${record.sea}" already has a season record`);
        else data.seasonsBySea.set(record.sea, record);
      }
    }
  }

  if (files.dwell) {
    const parsed = DwellFileSchema.safeParse(files.dwell.records);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push(`${files.dwell.file}.${issue.path.join('.') || '(file)'}: ${issue.message}`);
    } else {
      data.defaultSpread = parsed.data.defaultSpread;
      const records: RecordFile = { file: `${files.dwell.file}.records`, records: parsed.data.records };
      for (const { record, where } of parseArray(records, DwellRecordSchema, problems)) {
        if (!knownNode(record.node, `${where}.node`)) continue;
        record.includes.forEach((id, k) => {
          knownNode(id, `${where}.includes[${k}]`);
        });
        const list = data.dwellByNode.get(record.node) ?? [];
        list.push(record);
        data.dwellByNode.set(record.node, list);
        for (const id of record.includes) {
          const covered = data.includedBy.get(id) ?? [];
          covered.push(record);
          data.includedBy.set(id, covered);
        }
      }
      for (const [id, list] of data.dwellByNode) {
        list.sort((a, b) => (a.from < b.from ? -1 : 1));
        // A node's figures either measure the whole crossing, handling included, or its dwell alone: mixed
        // records would charge the transhipment in some years and not in others by the way they were measured.
        const first = list[0] as DwellRecord;
        const mixed = list.find((r) => r.includesHandling !== first.includesHandling);
        if (mixed)
          problems.push(
            `${files.dwell.file}.records: the records of "${id}" disagree on includesHandling (from ${first.from}: ${first.includesHandling}, from ${mixed.from}: ${mixed.includesHandling}); give every record of a node the same value`,
          );
        // A whole-crossing figure must stand for every date (a yearly measured record applies or stands in on
        // any day): were it a congestion episode alone, the transhipment would drop out and come back with the
        // date, and cargo arriving later could leave earlier.
        else if (first.includesHandling && !list.some((r) => r.kind === 'measured' && r.months === undefined))
          problems.push(
            `${files.dwell.file}.records: the records of "${id}" include the handling but none is a measured record of whole years; add one, so that the crossing is measured as a whole on every date`,
          );
      }
      const handling: RecordFile = {
        file: `${files.dwell.file}.handling`,
        records: parsed.data.handling ?? [],
      };
      for (const { record, where } of parseArray(handling, HandlingRecordSchema, problems)) {
        if (!knownNode(record.node, `${where}.node`)) continue;
        const node = network.nodeById.get(record.node);
        if (node && !node.kinds.some((k) => k === 'port' || k === 'ferry-terminal' || k === 'gauge-change'))
          problems.push(
            `${where}.node: "${record.node}" is neither a port, a ferry terminal nor a gauge-change station (kinds ${node.kinds.join(', ')})`,
          );
        else if (data.handlingByNode.has(record.node))
          problems.push(`${where}.node: "${record.node}" already has a handling record`);
        else data.handlingByNode.set(record.node, record);
      }
    }
  }

  if (files.blockTrains) {
    const services = new Map<string, BlockTrainRecord[]>();
    for (const { record, where } of parseArray(files.blockTrains, BlockTrainRecordSchema, problems)) {
      const known = knownNode(record.origin, `${where}.origin`);
      let ok = known;
      record.passes.forEach((id, k) => {
        if (!knownNode(id, `${where}.passes[${k}]`)) ok = false;
      });
      if (!ok) continue;
      const periods = services.get(record.service) ?? [];
      const first = periods[0];
      if (first && (first.origin !== record.origin || first.passes.join() !== record.passes.join()))
        problems.push(
          `${where}.service: "${record.service}" is listed with another origin or passes (${first.origin}; ${first.passes.join(', ')})`,
        );
      else if (periods.some((p) => p.from === record.from))
        problems.push(`${where}.from: "${record.service}" already has a pattern from ${record.from}`);
      else {
        periods.push(record);
        services.set(record.service, periods);
      }
    }
    for (const periods of services.values()) {
      periods.sort((a, b) => (a.from < b.from ? -1 : 1));
      const origin = (periods[0] as BlockTrainRecord).origin;
      const list = data.blockTrainsByOrigin.get(origin) ?? [];
      list.push(periods);
      data.blockTrainsByOrigin.set(origin, list);
    }
  }

  if (problems.length > 0) throw new NetworkDataError(problems);
  return data;
}
