import type { Device } from '../../models/device';
import type { Parsed } from '../../models/net';

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

const quoteList = (names: readonly string[], max = 20): string => {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown}, ... (${names.length} in all)` : shown;
};

/**
 * The device a query is about. `name` may be a device name or the file it came from. Without a
 * name there must be exactly one device: the question "across every device on the way" needs
 * the site model, which `query` does not build yet.
 */
export function selectDevice(devices: readonly Device[], name: string | undefined): Parsed<Device> {
  if (devices.length === 0) return fail('no device was imported');
  if (name === undefined || name === '') {
    if (devices.length === 1) return { ok: true, value: devices[0]! };
    return fail(
      `the files hold ${devices.length} devices (${quoteList(devices.map((d) => d.name))}); ` +
        'name one with --device (an end-to-end answer across the site needs no --device, --in, --out or --filter)',
    );
  }
  const byName = devices.filter((d) => d.name === name);
  const matches = byName.length > 0 ? byName : devices.filter((d) => d.file === name);
  if (matches.length === 1) return { ok: true, value: matches[0]! };
  if (matches.length > 1) {
    return fail(
      `several devices are named '${name}' (from ${quoteList(matches.map((d) => d.file))}); name the file instead`,
    );
  }
  return fail(`no device named '${name}' (devices: ${quoteList(devices.map((d) => d.name))})`);
}

/**
 * Resolves `--filter NAME` to one of the device's lists: the exact name, then the name in the
 * `filter` table (`INPUT` -> `filter/INPUT`), then a unique case-insensitive match of the whole
 * name or of its part after the table.
 */
export function resolveList(device: Device, name: string): Parsed<string> {
  const lists = [...device.lists.keys()];
  if (device.lists.has(name)) return { ok: true, value: name };
  if (device.lists.has(`filter/${name}`)) return { ok: true, value: `filter/${name}` };
  const lower = name.toLowerCase();
  const short = (list: string): string => list.slice(list.indexOf('/') + 1).toLowerCase();
  let candidates = lists.filter((l) => l.toLowerCase() === lower);
  if (candidates.length === 0) candidates = lists.filter((l) => short(l) === lower);
  if (candidates.length === 1) return { ok: true, value: candidates[0]! };
  if (candidates.length > 1)
    return fail(`'${name}' names several lists on ${device.name}: ${quoteList(candidates)}`);
  if (lists.length === 0) return fail(`device ${device.name} has no rule lists`);
  return fail(`device ${device.name} has no list '${name}' (lists: ${quoteList(lists)})`);
}

/** Which interfaces an `--in`/`--out`/`--from-zone`/`--to-zone` value stands for on a device. */
export interface Endpoint {
  readonly interfaces: readonly string[];
  /** Set when the value named a zone. */
  readonly zone?: string;
}

/**
 * An interface name as is (iptables configurations do not declare interfaces, so any name
 * goes), unless `asZone` or the name is a zone of the device and not one of its interfaces.
 */
export function resolveEndpoint(device: Device, name: string, asZone: boolean): Parsed<Endpoint> {
  const isInterface = device.interfaces.some((i) => i.name === name);
  if (!asZone && (isInterface || !device.zones.some((z) => z.name === name)))
    return { ok: true, value: { interfaces: [name] } };
  const zone = device.zones.find((z) => z.name === name);
  if (zone === undefined) {
    const zones = device.zones.map((z) => z.name);
    return fail(
      zones.length === 0
        ? `device ${device.name} defines no zones ('${name}')`
        : `device ${device.name} has no zone '${name}' (zones: ${quoteList(zones)})`,
    );
  }
  const members =
    zone.interfaces.length > 0
      ? zone.interfaces
      : device.interfaces.filter((i) => i.zone === name).map((i) => i.name);
  // A zone that policies name but no interface joins is still a zone: the evaluator takes it as is.
  return { ok: true, value: { interfaces: members, zone: name } };
}
