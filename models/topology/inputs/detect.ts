/**
 * Which Linux host-networking output a text is, for pairing `ip addr` / `ip route` files with
 * the firewall export they belong to. Looks at the first 64 KiB only.
 */
export function detectHostNetworking(raw: string): 'ip-addr' | 'ip-route' | null {
  const text = (raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw).slice(0, 65536);
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) {
    if (/"ifname"\s*:/.test(text) && /"addr_info"\s*:/.test(text)) return 'ip-addr';
    if (/"dst"\s*:/.test(text)) return 'ip-route';
    return null;
  }
  if (trimmed.startsWith('{') || trimmed.startsWith('<')) return null;
  const lines = text
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim() !== '');
  if (lines.length === 0) return null;
  if (/^\d+:\s+[^\s:]+:\s+<[^>]*>\s+mtu\s/.test(lines[0]!)) return 'ip-addr';
  // A bare list of addresses is not a routing table: some line must say dev, via or a route type.
  let routeWords = false;
  for (const line of lines.slice(0, 50)) {
    if (/^\s/.test(line)) {
      if (/^\s+nexthop\s/.test(line)) routeWords = true;
      else if (!/^\s+cache\b/.test(line)) return null;
      continue;
    }
    if (!ROUTE_LINE.test(line)) return null;
    if (
      /\s(?:dev|via)\s/.test(line) ||
      /^(?:local|broadcast|multicast|blackhole|unreachable|prohibit|throw|anycast)\s/.test(line)
    )
      routeWords = true;
  }
  return routeWords ? 'ip-route' : null;
}

/** An `ip route` line: optional type, destination, then nothing or route attributes. */
export const ROUTE_LINE =
  /^(?:(?:unicast|local|broadcast|multicast|blackhole|unreachable|prohibit|throw|anycast|nat)\s+)?(?:default|(?=[0-9a-fA-F:.]*[\d:])[0-9a-fA-F:.]+(?:\/\d{1,3})?)(?:\s*$|\s+(?:via|dev|proto|scope|src|metric|table|nexthop|pref|mtu|expires|onlink|linkdown|tos|dsfield|realm|rt_offload|error|weight|from|nhid|congctl|advmss|hoplimit|initcwnd|initrwnd|features|quickack|fastopen_no_cookie|ttl-propagate|cache)\b)/;
