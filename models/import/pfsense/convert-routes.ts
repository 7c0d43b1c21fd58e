import type { DiagnosticSink } from '../../diagnostics';
import type { Route } from '../../device';
import { toCidrs } from '../../net';
import type { PfConfig } from './model';
import type { PfResolver } from './resolve';

const isIp = (s: string): boolean => /^\d{1,3}(\.\d{1,3}){3}$/.test(s) || s.includes(':');

/**
 * Static routes (their network may be an alias) via their gateway's address and interface, and
 * a default route per default gateway. A dynamic gateway (dhcp) gives a route without next hop.
 */
export function convertPfRoutes(config: PfConfig, resolver: PfResolver, sink: DiagnosticSink): Route[] {
  const routes: Route[] = [];
  const via = (name: string): { nextHop?: string; interface?: string } => {
    const gw = config.gateways.get(name);
    if (gw === undefined) return {};
    return {
      ...(isIp(gw.gateway) ? { nextHop: gw.gateway } : {}),
      ...(gw.interface !== '' ? { interface: gw.interface } : {}),
    };
  };
  for (const r of config.routes) {
    const net = resolver.endpoint({ any: false, network: r.network, not: false, source: r.source });
    if (net.why.length > 0 || r.network === '') {
      sink.warning(
        'invalid-value',
        `route network '${r.network}' could not be resolved; the route was skipped`,
        r.source,
      );
      continue;
    }
    if (r.gateway !== '' && !config.gateways.has(r.gateway)) {
      sink.warning(
        'undefined-reference',
        `gateway ${r.gateway} is not defined; the route has no next hop`,
        r.source,
      );
    }
    for (const prefix of toCidrs(net.certain)) routes.push({ prefix, ...via(r.gateway), source: r.source });
  }
  for (const d of config.defaultGateways) {
    const gw = config.gateways.get(d.name);
    if (gw === undefined) continue;
    const v6 = gw.gateway.includes(':');
    routes.push({ prefix: v6 ? '::/0' : '0.0.0.0/0', ...via(d.name), source: d.source });
  }
  return routes;
}
