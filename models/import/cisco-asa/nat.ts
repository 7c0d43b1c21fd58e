import type { SourceRef } from '../../diagnostics';
import type { Parsed } from '../../net';
import type { AsaNat } from './model';
import type { Words } from './operands';

function interfaces(w: Words): Parsed<{ realIf: string | null; mappedIf: string | null }> {
  const t = w.peek();
  if (t === undefined || !t.startsWith('(')) return { ok: true, value: { realIf: null, mappedIf: null } };
  w.next();
  const m = /^\(([^,()]+),([^,()]+)\)$/.exec(t);
  if (m === null) return { ok: false, error: `'${t}' is not (real_ifc,mapped_ifc)` };
  const any = (s: string): string | null => (s === 'any' ? null : s);
  return { ok: true, value: { realIf: any(m[1]!), mappedIf: any(m[2]!) } };
}

/**
 * The words after `nat`:
 * `nat (real,mapped) static|dynamic MAPPED ...` inside `object network NAME` (object NAT), or
 * `nat [(real,mapped)] [after-auto] source static|dynamic REAL MAPPED [destination static MAPPED REAL] ...` (twice NAT).
 */
export function parseNat(w: Words, source: SourceRef, objectName: string | null): Parsed<AsaNat> {
  const ifs = interfaces(w);
  if (!ifs.ok) return ifs;
  const text = source.text.trim();
  if (objectName !== null) {
    const type = w.next();
    const mapped = w.next();
    if ((type !== 'static' && type !== 'dynamic') || mapped === undefined)
      return { ok: false, error: 'object NAT takes static|dynamic MAPPED' };
    return {
      ok: true,
      value: {
        kind: 'object',
        ...ifs.value,
        type,
        realSource: objectName,
        mappedSource: mapped,
        text,
        source,
      },
    };
  }
  while (w.peek() === 'after-auto' || w.peek() === 'after-object' || w.peek() === 'line') {
    if (w.next() === 'line') w.next();
  }
  if (w.next() !== 'source')
    return { ok: false, error: 'this NAT form (old-style nat id / global) is not modelled' };
  const type = w.next();
  const real = w.next();
  const mapped = w.next();
  if ((type !== 'static' && type !== 'dynamic') || real === undefined || mapped === undefined) {
    return { ok: false, error: 'twice NAT takes source static|dynamic REAL MAPPED' };
  }
  let destination: AsaNat['destination'];
  while (!w.done) {
    const t = w.next()!;
    if (t === 'description') break;
    if (t === 'destination') {
      const dt = w.next();
      const dm = w.next();
      const dr = w.next();
      if ((dt !== 'static' && dt !== 'dynamic') || dm === undefined || dr === undefined)
        return { ok: false, error: 'destination takes static MAPPED REAL' };
      destination = { type: dt, mapped: dm, real: dr };
    } else if (t === 'service') {
      w.next();
      w.next();
      w.next();
    }
  }
  return {
    ok: true,
    value: {
      kind: 'twice',
      ...ifs.value,
      type,
      realSource: real,
      mappedSource: mapped,
      ...(destination ? { destination } : {}),
      text,
      source,
    },
  };
}
