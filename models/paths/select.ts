import type { Asset, Network } from '../topology/network';
import { parsePrefix, prefixContains } from '../topology/prefix';

export type Selection = { ok: true; assets: Asset[] } | { ok: false; error: string };

/**
 * The assets a selector names: a zone name, an asset name, an IP address or a CIDR (tried in
 * that order; names compare case-insensitively). An unknown selector is an error, never an
 * empty selection, so a typo cannot make an analysis silently find nothing.
 */
export function selectAssets(net: Network, selector: string): Selection {
  const s = selector.trim();
  const lower = s.toLowerCase();
  const zone = net.zones.find((z) => z.name.toLowerCase() === lower);
  if (zone) return { ok: true, assets: net.assets.filter((a) => a.zone === zone.name) };
  const byName = net.assets.filter((a) => a.name.toLowerCase() === lower);
  if (byName.length > 0) return { ok: true, assets: byName };
  const p = parsePrefix(s);
  if (p) {
    const hit = net.assets.filter((a) => prefixContains(p, a.ip));
    if (hit.length > 0) return { ok: true, assets: hit };
    return { ok: false, error: `'${s}': no asset has that address` };
  }
  return {
    ok: false,
    error: `'${s}' is not a zone, an asset name, an address or a CIDR of this site (zones: ${net.zones.map((z) => z.name).join(', ')})`,
  };
}
