import type { SourceRef } from '../../models/diagnostics';
import type { Device } from '../../models/device';
import type { Flow } from '../../models/net';
import { traceSite } from '../../models/reach';
import type { Network } from '../../models/topology';
import { summarizeSite } from '../query/site';
import { type QueryTarget, answerQuery, targetOf } from '../query/answer';
import { type AddressCache, buildFlow } from '../query/flow';
import { resolveEndpoint, resolveList, selectDevice } from '../query/select';
import { csvField, forEachCsvRecord } from './csv-reader';

/** The probe CSV's columns (a contract); the header row names them, in any order. */
export const PROBE_COLUMNS = ['id', 'device', 'in', 'out', 'proto', 'src', 'dst', 'sport', 'dport'] as const;
type Column = (typeof PROBE_COLUMNS)[number];

/** The output header of `query --probes` in CSV mode. */
export const PROBE_CSV_HEADER = 'id,verdict,file,line';

export interface ProbeOptions {
  readonly devices: readonly Device[];
  /** `--device`: the device of rows whose device cell is empty. */
  readonly device?: string;
  /** `--filter`: evaluate this list alone on every probe. */
  readonly filter?: string;
  /** The site: rows with empty device, in and out are answered end to end across it. */
  readonly network?: Network;
}

/** A probe answered end to end across the site rather than by one device. */
export const SITE = 'site' as const;

export interface Probe {
  readonly id: string;
  readonly line: number;
  readonly target: QueryTarget | typeof SITE;
  readonly flow: Flow;
}

export type Compiled = { ok: true; probes: Probe[] } | { ok: false; line: number; error: string };

function columnIndex(
  header: readonly string[],
): { ok: true; index: Record<Column, number> } | { ok: false; error: string } {
  const names = header.map((f) => f.trim().toLowerCase());
  const index = {} as Record<Column, number>;
  const missing: string[] = [];
  for (const col of PROBE_COLUMNS) {
    const k = names.indexOf(col);
    if (k < 0) missing.push(col);
    index[col] = k;
  }
  if (missing.length > 0) {
    return {
      ok: false,
      error: `the header row lacks column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected ${PROBE_COLUMNS.join(',')})`,
    };
  }
  return { ok: true, index };
}

/** What one probe line prints: a device verdict, or the summary of an end-to-end answer. */
interface ProbeVerdict {
  readonly action: 'permit' | 'deny';
  readonly device: string | null;
  readonly rule: SourceRef | null;
  readonly reason: string;
  readonly ruleId: string | null;
  readonly uncertain: readonly string[];
}

type DeviceChoice = { ok: true; device: Device; list: string | null } | { ok: false; error: string };

/** Resolves device, filter and interfaces once per distinct (device, in, out) of the file. */
class Targets {
  private readonly devices = new Map<string, DeviceChoice>();
  /** device -> in -> out -> target: nested, so a row costs three lookups and no string building. */
  private readonly targets = new Map<string, Map<string, Map<string, QueryTarget | string>>>();

  constructor(private readonly options: ProbeOptions) {}

  private device(name: string): DeviceChoice {
    let hit = this.devices.get(name);
    if (hit === undefined) {
      const sel = selectDevice(this.options.devices, name === '' ? this.options.device : name);
      if (!sel.ok) hit = { ok: false, error: sel.error };
      else if (this.options.filter === undefined) hit = { ok: true, device: sel.value, list: null };
      else {
        const list = resolveList(sel.value, this.options.filter);
        hit = list.ok
          ? { ok: true, device: sel.value, list: list.value }
          : { ok: false, error: `--filter: ${list.error}` };
      }
      this.devices.set(name, hit);
    }
    return hit;
  }

  /** The target, or an error message naming the column at fault. */
  get(deviceName: string, inName: string, outName: string): QueryTarget | typeof SITE | string {
    if (
      this.options.network !== undefined &&
      deviceName === '' &&
      inName === '' &&
      outName === '' &&
      this.options.device === undefined &&
      this.options.filter === undefined
    )
      return SITE;
    let byIn = this.targets.get(deviceName);
    if (byIn === undefined) this.targets.set(deviceName, (byIn = new Map()));
    let byOut = byIn.get(inName);
    if (byOut === undefined) byIn.set(inName, (byOut = new Map()));
    let hit = byOut.get(outName);
    if (hit !== undefined) return hit;
    const dev = this.device(deviceName);
    if (!dev.ok) hit = `device: ${dev.error}`;
    else {
      const ins = inName === '' ? null : resolveEndpoint(dev.device, inName, false);
      const outs = outName === '' ? null : resolveEndpoint(dev.device, outName, false);
      if (ins !== null && !ins.ok) hit = `in: ${ins.error}`;
      else if (outs !== null && !outs.ok) hit = `out: ${outs.error}`;
      else
        hit = targetOf(
          dev.device,
          dev.list,
          ins?.value.interfaces,
          outs?.value.interfaces,
          ins?.value.zone,
          outs?.value.zone,
        );
    }
    byOut.set(outName, hit);
    return hit;
  }
}

/**
 * Reads the probe CSV and turns its rows into probes, validating every row before anything is
 * evaluated: the first bad row stops the run (bad input, exit 2) and no verdict is printed.
 */
export function compileProbes(csv: string, options: ProbeOptions): Compiled {
  const addresses: AddressCache = new Map();
  const targets = new Targets(options);
  const probes: Probe[] = [];
  let ix: Record<Column, number> | null = null;
  let width = 0;
  let headerWidth = 0;
  const err = forEachCsvRecord(csv, (fields, line) => {
    if (ix === null) {
      const cols = columnIndex(fields);
      if (!cols.ok) return { line, error: cols.error };
      ix = cols.index;
      width = Math.max(...Object.values(ix)) + 1;
      headerWidth = fields.length;
      return null;
    }
    if (fields.length < width) {
      return {
        line,
        error: `the row has ${fields.length} field${fields.length === 1 ? '' : 's'}, the header ${headerWidth}`,
      };
    }
    const target = targets.get(fields[ix.device]!, fields[ix.in]!, fields[ix.out]!);
    if (typeof target === 'string' && target !== SITE) return { line, error: target };
    const flow = buildFlow(
      {
        proto: fields[ix.proto]!,
        src: fields[ix.src]!,
        dst: fields[ix.dst]!,
        sport: fields[ix.sport]!,
        dport: fields[ix.dport]!,
      },
      addresses,
    );
    if (!flow.ok) return { line, error: `${flow.field}: ${flow.error}` };
    probes.push({ id: fields[ix.id]!, line, target, flow: flow.value });
    return null;
  });
  if (err !== null) return { ok: false, ...err };
  if (ix === null)
    return { ok: false, line: 1, error: `the file has no header row (expected ${PROBE_COLUMNS.join(',')})` };
  return { ok: true, probes };
}

/**
 * Evaluates the probes and hands the output to `write` in chunks. CSV mode prints
 * `id,verdict,file,line`, where file and line are those of the rule or policy line that decided
 * and are empty when nothing did (reason `unfiltered`, `no-match` or an implicit deny).
 */
export function runProbes(
  probes: readonly Probe[],
  json: boolean,
  write: (chunk: string) => void,
  network?: Network,
): void {
  const cited = new Map<SourceRef, string>();
  const cite = json
    ? (ref: SourceRef): string => {
        let s = cited.get(ref);
        if (s === undefined) cited.set(ref, (s = JSON.stringify(ref)));
        return s;
      }
    : (ref: SourceRef): string => {
        let s = cited.get(ref);
        if (s === undefined) cited.set(ref, (s = `${csvField(ref.file)},${ref.line}`));
        return s;
      };
  const line = json
    ? (p: Probe, v: ProbeVerdict): string =>
        `{"id":${JSON.stringify(p.id)},"verdict":"${v.action}","device":${JSON.stringify(v.device)},"rule":${v.rule === null ? 'null' : cite(v.rule)},` +
        `"reason":"${v.reason}","ruleId":${v.ruleId === null ? 'null' : JSON.stringify(v.ruleId)},"uncertain":${v.uncertain.length === 0 ? '[]' : JSON.stringify(v.uncertain)}}\n`
    : (p: Probe, v: ProbeVerdict): string =>
        `${csvField(p.id)},${v.action},${v.rule === null ? ',' : cite(v.rule)}\n`;

  let chunk = json ? '' : `${PROBE_CSV_HEADER}\n`;
  for (const p of probes) {
    chunk += line(
      p,
      p.target === SITE ? summarizeSite(traceSite(network!, p.flow)) : answerQuery(p.target, p.flow).verdict,
    );
    if (chunk.length > 1 << 20) {
      write(chunk);
      chunk = '';
    }
  }
  if (chunk.length > 0) write(chunk);
}
