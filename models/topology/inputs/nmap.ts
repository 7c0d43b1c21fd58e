import { DiagnosticSink } from '../../diagnostics';
import { type XmlElement, at, childrenNamed, parseXml } from '../../import/formats/xml';
import { formatAddress, parseAddress } from '../../net';
import { looksBinary, quote, stripBom, textLines } from './text';
import type { AssetRecord, InventoryResult, OfferedService } from './types';

/**
 * Industrial ports whose presence makes a role evident, as long as the host shows no Windows
 * services (a Windows box answering on 502 is an HMI, gateway or simulator as often as a PLC).
 */
const OT_ROLE_PORTS: readonly { proto: string; port: number; role: string; what: string }[] = [
  { proto: 'tcp', port: 502, role: 'plc', what: 'Modbus/TCP' },
  { proto: 'tcp', port: 102, role: 'plc', what: 'S7comm (ISO-TSAP)' },
  { proto: 'tcp', port: 44818, role: 'plc', what: 'EtherNet/IP' },
  { proto: 'tcp', port: 20000, role: 'rtu', what: 'DNP3' },
  { proto: 'tcp', port: 2404, role: 'rtu', what: 'IEC 60870-5-104' },
];
const WINDOWS_PORTS = new Set([135, 139, 445, 3389, 5985, 5986]);

/**
 * Reads nmap's XML output (`-oX`): every host that is up becomes an asset with its address,
 * first host name, open ports as services (nmap's service name), MAC, vendor and OS match in
 * `extra`. The role is never set: an evident industrial role goes to `extra.guessed_role`.
 */
export function parseNmapXml(file: string, raw: string): InventoryResult {
  const sink = new DiagnosticSink('topology');
  const t = textLines(file, stripBom(raw));
  if (looksBinary(t.text)) {
    sink.error('binary-input', 'the file is not text', t.ref(1));
    return { assets: [], diagnostics: sink.diagnostics };
  }
  if (t.text.trim() === '') {
    sink.warning('empty-input', 'the file is empty', t.ref(1));
    return { assets: [], diagnostics: sink.diagnostics };
  }
  if (!t.text.trimStart().startsWith('<')) {
    const first = t.text.length - t.text.trimStart().length;
    sink.error(
      'vendor-mismatch',
      'not XML: nmap output is read from -oX files (<nmaprun>...)',
      t.ref(t.lineOf(first)),
    );
    return { assets: [], diagnostics: sink.diagnostics };
  }
  // saxes counts lines from the start of the text it is given, BOM excluded here too.
  const doc = parseXml(t.text);
  const root = doc.root;
  if (root !== null && root.name !== 'nmaprun') {
    sink.error(
      'vendor-mismatch',
      `the root element is <${quote(root.name, 40).slice(1, -1)}>, not nmap's <nmaprun>`,
      t.ref(root.line),
    );
    return { assets: [], diagnostics: sink.diagnostics };
  }
  // saxes goes on after an error, but what it reads there is guesswork: keep what came before.
  const errorLine = doc.error?.line ?? Infinity;
  const hosts = root === null ? [] : childrenNamed(root, 'host').filter((h) => h.line < errorLine);
  const assets: AssetRecord[] = [];
  const seen = new Map<string, number>();
  for (const host of hosts) {
    // The host the error cut through: never closed, or closed only after the error.
    const partial = doc.error !== null && (host.endLine === host.line || host.endLine >= errorLine);
    const asset = readHost(host, t, sink);
    if (asset === null) continue;
    if (partial) {
      sink.warning(
        'truncated-input',
        `the host ${asset.ip} is cut by the XML error at line ${errorLine}; what it lists may be incomplete`,
        asset.source,
      );
    }
    const firstLine = seen.get(asset.ip);
    if (firstLine !== undefined) {
      sink.warning(
        'duplicate-definition',
        `host ${asset.ip} was already listed at line ${firstLine}; both are kept (the scan covers it twice)`,
        asset.source,
      );
    } else seen.set(asset.ip, asset.source.line);
    assets.push(asset);
  }
  if (doc.error !== null) {
    sink.error(
      'malformed-input',
      `the XML is not well formed (${doc.error.message}); ${assets.length} host(s) read before it were kept, nothing after it was read`,
      t.ref(doc.error.line),
    );
  }
  return { assets, diagnostics: sink.diagnostics };
}

function readHost(
  host: XmlElement,
  t: ReturnType<typeof textLines>,
  sink: DiagnosticSink,
): AssetRecord | null {
  const state = at(host, 'status')?.attributes['state'];
  if (state !== undefined && state !== 'up') return null;
  const source = t.ref(host.line, host.endLine);
  const addresses = childrenNamed(host, 'address');
  const ipEl =
    addresses.find((a) => a.attributes['addrtype'] === 'ipv4') ??
    addresses.find((a) => a.attributes['addrtype'] === 'ipv6');
  if (ipEl === undefined) {
    sink.warning('invalid-value', 'a host without an IPv4 or IPv6 address was skipped', source);
    return null;
  }
  const parsed = parseAddress(ipEl.attributes['addr'] ?? '');
  if (!parsed.ok) {
    sink.warning(
      'invalid-value',
      `host address ${quote(ipEl.attributes['addr'] ?? '')} is not an IP address; the host was skipped`,
      t.ref(ipEl.line),
    );
    return null;
  }
  const ip = formatAddress(parsed.value);
  const extra: Record<string, string> = {};
  const mac = addresses.find((a) => a.attributes['addrtype'] === 'mac');
  if (mac?.attributes['addr']) extra['mac'] = mac.attributes['addr'];
  if (mac?.attributes['vendor']) extra['mac_vendor'] = mac.attributes['vendor'];
  const names = childrenNamed(at(host, 'hostnames') ?? host, 'hostname')
    .filter((h) => h.name === 'hostname')
    .map((h) => ({ name: h.attributes['name'] ?? '', type: h.attributes['type'] ?? '' }))
    .filter((h) => h.name !== '');
  const preferred = names.find((h) => h.type === 'user') ?? names[0];
  if (names.length > 1) extra['hostnames'] = names.map((h) => h.name).join(' ');

  const services: OfferedService[] = [];
  const maybe: string[] = [];
  for (const port of childrenNamed(at(host, 'ports') ?? host, 'port')) {
    const proto = port.attributes['protocol'];
    const portNo = Number(port.attributes['portid']);
    const portState = at(port, 'state')?.attributes['state'];
    if (
      (proto !== 'tcp' && proto !== 'udp' && proto !== 'sctp') ||
      !Number.isInteger(portNo) ||
      portNo < 1 ||
      portNo > 65535
    ) {
      if (portState === 'open') {
        sink.info(
          'unsupported-construct',
          `port ${quote(`${proto ?? '?'}/${port.attributes['portid'] ?? '?'}`)} is not a tcp, udp or sctp port; skipped`,
          t.ref(port.line),
        );
      }
      continue;
    }
    const svc = at(port, 'service');
    const name = svc?.attributes['name'];
    if (portState === 'open') {
      const product = [svc?.attributes['product'], svc?.attributes['version']].filter((x) => x).join(' ');
      services.push({
        proto,
        port: portNo,
        ...(name ? { name } : {}),
        ...(product ? { product } : {}),
      });
    } else if (portState === 'open|filtered') maybe.push(`${proto}/${portNo}${name ? ` (${name})` : ''}`);
  }
  const osMatches = childrenNamed(at(host, 'os') ?? host, 'osmatch').filter((o) => o.name === 'osmatch');
  const best = osMatches[0];
  if (best?.attributes['name']) {
    extra['os'] = best.attributes['name'];
    if (best.attributes['accuracy']) extra['os_accuracy'] = best.attributes['accuracy'];
  }
  const guess = guessRole(services);
  if (guess) {
    extra['guessed_role'] = guess.role;
    extra['guessed_role_reason'] = guess.reason;
  }
  const notes = maybe.length > 0 ? `open|filtered (not counted as offered): ${maybe.join(', ')}` : undefined;
  return {
    ip,
    ...(preferred ? { name: preferred.name } : {}),
    ...(notes ? { notes } : {}),
    services,
    extra,
    source,
  };
}

function guessRole(services: readonly OfferedService[]): { role: string; reason: string } | undefined {
  if (services.some((s) => s.proto === 'tcp' && WINDOWS_PORTS.has(s.port))) return undefined;
  const hits = OT_ROLE_PORTS.filter((p) => services.some((s) => s.proto === p.proto && s.port === p.port));
  const roles = new Set(hits.map((h) => h.role));
  if (roles.size !== 1) return undefined;
  return {
    role: hits[0]!.role,
    reason: hits.map((h) => `${h.proto}/${h.port} ${h.what}`).join(', ') + ' open',
  };
}
