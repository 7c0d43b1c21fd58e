import type { Parsed } from './address';
import { type Intervals, complementIntervals, closedPairs, intervalsFrom } from './intervals';

/** A set of ports in [0, 65535], as canonical half-open intervals over [0, 65536). */
export type PortSet = Intervals<number>;
export const PORT_END = 65536;
export const ANY_PORT: PortSet = Object.freeze([0, PORT_END]);
export const NO_PORTS: PortSet = Object.freeze([]);

export const portRange = (first: number, last: number): PortSet => (first <= last ? [first, last + 1] : []);
export const portComplement = (p: PortSet): PortSet => complementIntervals(p, 0, PORT_END);
export const portsFrom = (ranges: ReadonlyArray<readonly [number, number]>): PortSet =>
  intervalsFrom(ranges.map(([a, b]) => [a, b + 1] as [number, number]));

export function parsePort(text: string, names?: Readonly<Record<string, number>>): number | null {
  if (/^\d{1,5}$/.test(text)) {
    const n = Number(text);
    return n < PORT_END ? n : null;
  }
  const key = text.toLowerCase();
  // Own keys only: `constructor` or `__proto__` must not resolve through Object.prototype.
  return names !== undefined && Object.hasOwn(names, key) ? names[key]! : null;
}

/**
 * iptables-style port ranges: `80`, `1024:65535`, `:1023`, `1024:` (open ends), and with
 * `allowDash` also `1-1023`. A reversed range is an error, as it is for iptables.
 */
export function parsePortRange(
  text: string,
  names?: Readonly<Record<string, number>>,
  allowDash = false,
): Parsed<PortSet> {
  const sep = text.includes(':') ? ':' : allowDash && /^\w+-\w+$/.test(text) ? '-' : null;
  if (sep === null) {
    const p = parsePort(text, names);
    return p === null ? { ok: false, error: `'${text}' is not a port` } : { ok: true, value: [p, p + 1] };
  }
  const parts = text.split(sep);
  if (parts.length !== 2) return { ok: false, error: `'${text}' is not a port range` };
  const [a = '', b = ''] = parts;
  const first = a === '' ? 0 : parsePort(a, names);
  const last = b === '' ? PORT_END - 1 : parsePort(b, names);
  if (first === null || last === null) return { ok: false, error: `'${text}' is not a port range` };
  if (first > last) return { ok: false, error: `port range '${text}' ends before it starts` };
  return { ok: true, value: portRange(first, last) };
}

export function formatPorts(p: PortSet): string {
  if (p.length === 2 && p[0] === 0 && p[1] === PORT_END) return 'any';
  return closedPairs(p)
    .map(([a, b]) => (a === b ? String(a) : `${a}-${b}`))
    .join(',');
}
