import { parseAddress } from '../net';
import type { Network } from '../topology/network';
import { type AttackPath, type PathHop, EPHEMERAL, citeFlow } from './analyze';
import type { PathDifference } from './remediate';

/**
 * Whether a path found on one site is open on another. The analysis lists the k shortest paths
 * per target, so a path can appear in a what-if difference without any rule having changed for
 * it: disabling the rule of a short path lets a longer one, open all along, into the list. Each
 * hop is traced again, exactly, on the other site to tell the two apart.
 */

const SERVICE = /^(tcp|udp)\/(\d+)\b/;

/** A hop's flow: its endpoints, and the protocol and port of its service (`tcp/3389 (rdp)`). */
function hopFlow(hop: PathHop): Parameters<typeof citeFlow>[1] | null {
  const m = SERVICE.exec(hop.service);
  const src = parseAddress(hop.fromIp);
  const dst = parseAddress(hop.toIp);
  if (!m || !src.ok || !dst.ok) return null;
  return {
    proto: m[1] === 'tcp' ? 6 : 17,
    src: src.value,
    dst: dst.value,
    sport: EPHEMERAL,
    dport: Number(m[2]),
  };
}

/** True when every hop of the path is permitted end to end on `net`. */
export function pathOpenOn(net: Network, path: AttackPath): boolean {
  return path.hops.every((hop) => {
    const flow = hopFlow(hop);
    return flow !== null && citeFlow(net, flow).permitted;
  });
}

/** A difference with the paths that only entered or left the k-shortest lists set apart. */
export interface CheckedDifference extends PathDifference {
  /** Listed after the change, and already open before it (a shorter path was closed). */
  readonly nowShortest: readonly AttackPath[];
  /** Listed before the change and still open after it (a shorter path was opened). */
  readonly displaced: readonly AttackPath[];
}

export function checkDifference(diff: PathDifference, before: Network, after: Network): CheckedDifference {
  const nowShortest = diff.opened.filter((p) => pathOpenOn(before, p));
  const displaced = diff.closed.filter((p) => pathOpenOn(after, p));
  return {
    ...diff,
    opened: diff.opened.filter((p) => !nowShortest.includes(p)),
    closed: diff.closed.filter((p) => !displaced.includes(p)),
    nowShortest,
    displaced,
  };
}
