import type { SourceRef } from '../../models/diagnostics';
import type { Device } from '../../models/device';
import type { Flow } from '../../models/net';
import type { Verdict } from '../../models/reach';
import { type QueryTarget, answerQuery, targetOf } from '../query/answer';
import { type AddressCache, buildFlow } from '../query/flow';
import { resolveEndpoint, resolveList, selectDevice } from '../query/select';
import { type CsvRecord, csvField } from './csv-reader';

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
}

export interface Probe {
  readonly id: string;
  readonly line: number;
  readonly target: QueryTarget;
  readonly flow: Flow;
}

export type Compiled = { ok: true; probes: Probe[] } | { ok: false; line: number; error: string };

function columnIndex(header: CsvRecord): { ok: true; index: Record<Column, number> } | { ok: false; error: string } {
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const index = {} as Record<Column, number>;
  const missing: string[] = [];
  for (const col of PROBE_COLUMNS) {
    const k = names.indexOf(col);
    if (k < 0) missing.push(col);
    index[col] = k;
  }
  if (missing.length > 0) {
    return { ok: false, error: `the header row lacks column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected ${PROBE_COLUMNS.join(',')})` };
  }
  return { ok: true, index };
}

/**
 * Turns the CSV records into probes, validating every row before anything is evaluated: the
 * first bad row stops the run (bad input, exit 2) and no verdict is printed.
 */
export function compileProbes(records: readonly CsvRecord[], options: ProbeOptions): Compiled {
  const header = records[0];
  if (header === undefined) return { ok: false, line: 1, error: `the file is empty (expected a header row ${PROBE_COLUMNS.join(',')})` };
  const cols = columnIndex(header);
  if (!cols.ok) return { ok: false, line: header.line, error: cols.error };
  const ix = cols.index;
  const width = Math.max(...Object.values(ix)) + 1;
  const addresses: AddressCache = new Map();
  const devices = new Map<string, { ok: true; device: Device; list: string | null } | { ok: false; error: string }>();
  const targets = new Map<string, QueryTarget | string>();
  const probes: Probe[] = [];

  const deviceFor = (name: string) => {
    let hit = devices.get(name);
    if (hit === undefined) {
      const sel = selectDevice(options.devices, name === '' ? options.device : name);
      if (!sel.ok) hit = { ok: false, error: sel.error };
      else if (options.filter === undefined) hit = { ok: true, device: sel.value, list: null };
      else {
        const list = resolveList(sel.value, options.filter);
        hit = list.ok ? { ok: true, device: sel.value, list: list.value } : { ok: false, error: `--filter: ${list.error}` };
      }
      devices.set(name, hit);
    }
    return hit;
  };

  const targetFor = (deviceName: string, inName: string, outName: string): QueryTarget | string => {
    const key = `${deviceName}\u0000${inName}\u0000${outName}`;
    let hit = targets.get(key);
    if (hit !== undefined) return hit;
    const dev = deviceFor(deviceName);
    if (!dev.ok) hit = `device: ${dev.error}`;
    else {
      const ins = inName === '' ? null : resolveEndpoint(dev.device, inName, false);
      const outs = outName === '' ? null : resolveEndpoint(dev.device, outName, false);
      if (ins !== null && !ins.ok) hit = `in: ${ins.error}`;
      else if (outs !== null && !outs.ok) hit = `out: ${outs.error}`;
      else hit = targetOf(dev.device, dev.list, ins?.value.interfaces, outs?.value.interfaces);
    }
    targets.set(key, hit);
    return hit;
  };

  for (let r = 1; r < records.length; r++) {
    const { fields, line } = records[r]!;
    if (fields.length < width) {
      return { ok: false, line, error: `the row has ${fields.length} field${fields.length === 1 ? '' : 's'}, the header ${header.fields.length}` };
    }
    const id = fields[ix.id]!;
    const target = targetFor(fields[ix.device]!, fields[ix.in]!, fields[ix.out]!);
    if (typeof target === 'string') return { ok: false, line, error: target };
    const flow = buildFlow(
      { proto: fields[ix.proto]!, src: fields[ix.src]!, dst: fields[ix.dst]!, sport: fields[ix.sport]!, dport: fields[ix.dport]! },
      addresses,
    );
    if (!flow.ok) return { ok: false, line, error: `${flow.field}: ${flow.error}` };
    probes.push({ id, line, target, flow: flow.value });
  }
  return { ok: true, probes };
}

/**
 * Evaluates the probes and hands the output to `write` in chunks. CSV mode prints
 * `id,verdict,file,line`, where file and line are those of the rule or policy line that decided
 * and are empty when nothing did (reason `unfiltered`, `no-match` or an implicit deny).
 */
export function runProbes(probes: readonly Probe[], json: boolean, write: (chunk: string) => void): void {
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
    ? (p: Probe, v: Verdict): string =>
        `{"id":${JSON.stringify(p.id)},"verdict":"${v.action}","device":${JSON.stringify(v.device)},"rule":${v.rule === null ? 'null' : cite(v.rule)},` +
        `"reason":"${v.reason}","ruleId":${v.ruleId === null ? 'null' : JSON.stringify(v.ruleId)},"uncertain":${v.uncertain.length === 0 ? '[]' : JSON.stringify(v.uncertain)}}\n`
    : (p: Probe, v: Verdict): string => `${csvField(p.id)},${v.action},${v.rule === null ? ',' : cite(v.rule)}\n`;

  let chunk = json ? '' : `${PROBE_CSV_HEADER}\n`;
  for (const p of probes) {
    chunk += line(p, answerQuery(p.target, p.flow).verdict);
    if (chunk.length > 1 << 20) {
      write(chunk);
      chunk = '';
    }
  }
  if (chunk.length > 0) write(chunk);
}
