import { NO_SERVICE, type ServiceSet, serviceIsEmpty, serviceSubtract } from '../net';
import type { ZoneConduit, ZoneMatrix } from './matrix';

export interface ConduitChange {
  readonly from: string;
  readonly to: string;
  readonly opened: ServiceSet;
  readonly closed: ServiceSet;
}

/** Services that became open or closed between two snapshots of the same site, per zone pair. */
export function compareMatrices(before: ZoneMatrix, after: ZoneMatrix): ConduitChange[] {
  const key = (c: ZoneConduit): string => `${c.from}\u0000${c.to}`;
  const b = new Map(before.conduits.map((c) => [key(c), c]));
  const a = new Map(after.conduits.map((c) => [key(c), c]));
  const out: ConduitChange[] = [];
  for (const k of [...new Set([...b.keys(), ...a.keys()])].sort()) {
    const x = b.get(k);
    const y = a.get(k);
    const empty: ServiceSet = NO_SERVICE;
    const opened = serviceSubtract(y?.services ?? empty, x?.services ?? empty);
    const closed = serviceSubtract(x?.services ?? empty, y?.services ?? empty);
    if (serviceIsEmpty(opened) && serviceIsEmpty(closed)) continue;
    const [from, to] = k.split('\u0000') as [string, string];
    out.push({ from, to, opened, closed });
  }
  return out;
}
