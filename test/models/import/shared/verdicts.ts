/**
 * Flows, device and list verdicts, and the assertion of a verdict with the line it cites, as
 * every importer's tests ask them.
 */
import { expect } from 'vitest';
import type { Diagnostic, DiagnosticCode } from '../../../../models/diagnostics';
import type { Device, VendorId } from '../../../../models/device';
import { importConfig, type ImportResult } from '../../../../models/import';
import { type Flow, parseAddress, parseProtocol } from '../../../../models/net';
import { evaluateDevice, evaluateList, type DeviceQuery, type Verdict } from '../../../../models/reach';
import { lineContaining } from './corpus';

/** `[code, line]` pairs, in order, for asserting diagnostics by code and line. */
export const codesAndLines = (diagnostics: readonly Diagnostic[]): Array<[DiagnosticCode, number]> =>
  diagnostics.map((d) => [d.code, d.source.line]);

const address = (text: string): Flow['src'] => {
  const a = parseAddress(text);
  if (!a.ok) throw new Error(a.error);
  return a.value;
};

/** A flow; for ICMP, `sport` is the code and `dport` the type. */
export function flow(proto: string, src: string, dst: string, sport = 0, dport = 0): Flow {
  const p = parseProtocol(proto);
  if (p === null) throw new Error(`protocol ${proto}`);
  return { proto: p, src: address(src), dst: address(dst), sport, dport };
}

/** Where a flow crosses a device; each vendor's `Ask` is a part of this. */
export interface DeviceAsk {
  readonly in?: string;
  readonly out?: string;
  readonly to?: 'transit' | 'to-device' | 'from-device';
  readonly fromZone?: string;
  readonly toZone?: string;
}

export function verdict(dev: Device, f: Flow, ask: DeviceAsk = {}): Verdict {
  const query: DeviceQuery = {
    flow: f,
    attachment: ask.to ?? 'transit',
    ...(ask.in !== undefined ? { inInterface: ask.in } : {}),
    ...(ask.out !== undefined ? { outInterface: ask.out } : {}),
    ...(ask.fromZone !== undefined ? { fromZone: ask.fromZone } : {}),
    ...(ask.toZone !== undefined ? { toZone: ask.toZone } : {}),
  };
  return evaluateDevice(dev, query);
}

/** The verdict of one list alone, optionally for given interfaces. */
export function listVerdict(
  dev: Device,
  list: string,
  f: Flow,
  ask: Pick<DeviceAsk, 'in' | 'out'> = {},
): Verdict {
  const query: DeviceQuery = {
    flow: f,
    ...(ask.in !== undefined ? { inInterface: ask.in } : {}),
    ...(ask.out !== undefined ? { outInterface: ask.out } : {}),
  };
  const v = evaluateList(dev, list, query);
  if (v === null) throw new Error(`no list ${list}`);
  return v;
}

/**
 * Asserts the verdict and the line it cites, by number and by exact text (what the CLI prints
 * and an auditor checks), `linesOf` giving the lines of the cited file. `line` null means no
 * rule is cited.
 */
export function expectCitedVerdict(
  v: Verdict,
  action: 'permit' | 'deny',
  file: string,
  line: number | null,
  linesOf: (file: string) => readonly string[],
): void {
  expect({ action: v.action, line: v.rule?.line ?? null }).toEqual({ action, line });
  if (line !== null) {
    expect(v.rule?.file).toBe(file);
    expect(v.rule?.text).toBe(linesOf(file)[line - 1]);
  }
}

/**
 * What tests ask of a vendor's fixtures: import one under its own file name (so SourceRefs name
 * it), its one device, the line containing some text, and a verdict citing a line of it.
 * With `vendor`, `device` also checks that the fixture is detected as that vendor.
 */
export function fixtureHelpers(
  readFixture: (name: string) => string,
  splitLines: (text: string) => string[],
  vendor?: VendorId,
) {
  const linesOf = (file: string): string[] => splitLines(readFixture(file));
  const load = (name: string): ImportResult => importConfig({ name, text: readFixture(name) });
  return {
    load,
    /** The one device of a fixture that must import cleanly enough to give one. */
    device(name: string): Device {
      const result = load(name);
      if (vendor !== undefined) expect(result.vendor).toBe(vendor);
      expect(result.devices).toHaveLength(1);
      return result.devices[0]!;
    },
    /** The 1-based number of the first line of a fixture containing `needle` (tests cite lines by content). */
    lineOf: (name: string, needle: string, from = 1): number =>
      lineContaining(linesOf(name), name, needle, from),
    /** {@link expectCitedVerdict} for a fixture. */
    expectVerdict: (v: Verdict, action: 'permit' | 'deny', file: string, line: number | null): void =>
      expectCitedVerdict(v, action, file, line, linesOf),
  };
}
