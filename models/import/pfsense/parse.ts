import { DiagnosticSink } from '../../diagnostics';
import { type XmlElement, child, childrenNamed, parseXml } from '../formats/xml';
import {
  type PfAlias,
  type PfConfig,
  type PfDirection,
  type PfEndpoint,
  type PfFlavour,
  type PfIfAddress,
  type PfRule,
  type PfRuleType,
  emptyConfig,
} from './model';
import { readGateways, readGroups, readNat, readRoutes, readVirtualIps } from './parse-network';
import { XmlSource, flag, openElements, splitLines, textOf, xmlText } from './xml-source';

export interface PfParse {
  readonly config: PfConfig;
  readonly diagnostics: DiagnosticSink;
  readonly lines: readonly string[];
  readonly root: XmlElement | null;
  readonly src: XmlSource;
}

/** Sections with nothing a filtering verdict depends on: skipped without a word (support.md). */
const QUIET = new Set([
  'version',
  'lastchange',
  'theme',
  'sysctl',
  'dhcpd',
  'dhcpdv6',
  'dhcrelay',
  'dhcrelay6',
  'snmpd',
  'diag',
  'syslog',
  'cron',
  'rrd',
  'load_balancer',
  'widgets',
  'revision',
  'ca',
  'cert',
  'crl',
  'unbound',
  'dnsmasq',
  'ntpd',
  'wol',
  'trigger_initial_wizard',
  'hasync',
  'notifications',
  'vlans',
  'gifs',
  'gres',
  'qinqs',
  'wireless',
  'dyndnses',
  'dnsupdates',
  'sshdata',
  'ppps',
  'laggs',
  'bridge',
  'bridges',
  'ovpnserver',
]);

/** Sections handled here (or by the OPNsense reader: `OPNsense`). */
const HANDLED = new Set([
  'system',
  'interfaces',
  'aliases',
  'filter',
  'nat',
  'staticroutes',
  'gateways',
  'virtualip',
  'ifgroups',
  'OPNsense',
]);

/** Sections that can change what passes but are not modelled: one info each when not empty. */
const NOT_MODELLED: Readonly<Record<string, string>> = {
  openvpn:
    'OpenVPN instances are not modelled (rules on the OpenVPN tab are read as the interface group `openvpn`)',
  ipsec: 'IPsec tunnels are not modelled (rules on the IPsec tab are read as the interface `enc0`)',
  wireguard: 'WireGuard tunnels are not modelled',
  shaper: 'the traffic shaper is not modelled (it does not decide pass or block)',
  dnshaper: 'the limiters are not modelled (they do not decide pass or block)',
  captiveportal: 'the captive portal is not modelled: its zones add their own pass rules',
  installedpackages:
    'packages are not modelled: some (pfBlockerNG, Snort, Suricata) add their own block rules',
  proxyarp: 'proxy ARP entries are not modelled',
};

const isEmpty = (el: XmlElement): boolean => el.children.length === 0 && el.text === '';

/** Parses a pfSense or OPNsense config.xml into the vendor model. Never throws. */
export function parsePfConfig(file: string, text: string, flavour: PfFlavour): PfParse {
  const lines = splitLines(text);
  const sink = new DiagnosticSink('parse');
  const doc = parseXml(xmlText(text));
  const open = doc.error !== null ? openElements(doc.root) : new Set<XmlElement>();
  const src = new XmlSource(file, lines, sink, open);
  const config = emptyConfig(flavour);
  if (doc.error !== null) {
    const line = Math.min(Math.max(doc.error.line, 1), lines.length);
    sink.error(
      'malformed-input',
      `the XML is not well formed: ${doc.error.message}; what follows may be incomplete`,
      src.refLine(line),
    );
  }
  const root = doc.root;
  if (root === null) return { config, diagnostics: sink, lines, root, src };
  const reader = new PfReader(src, config);
  for (const section of root.children) {
    const name = section.name;
    if (HANDLED.has(name)) reader.section(section);
    else if (QUIET.has(name) || isEmpty(section)) continue;
    else if (Object.hasOwn(NOT_MODELLED, name))
      sink.info('unsupported-construct', `<${name}>: ${NOT_MODELLED[name]}`, src.ref(section));
    else
      sink.info(
        'unsupported-construct',
        `section <${name}> is not modelled; it was skipped`,
        src.ref(section),
      );
  }
  return { config, diagnostics: sink, lines, root, src };
}

/** Reads the legacy sections, which pfSense and OPNsense share. */
export class PfReader {
  constructor(
    readonly src: XmlSource,
    readonly config: PfConfig,
  ) {}

  get sink(): DiagnosticSink {
    return this.src.sink;
  }

  section(el: XmlElement): void {
    switch (el.name) {
      case 'system':
        return this.system(el);
      case 'interfaces':
        return this.interfaces(el);
      case 'aliases':
        for (const a of childrenNamed(el, 'alias')) this.alias(a);
        return;
      case 'filter':
        for (const r of childrenNamed(el, 'rule')) this.rule(r);
        return;
      case 'nat':
        return readNat(this, el);
      case 'staticroutes':
        return readRoutes(this, el);
      case 'gateways':
        return readGateways(this, el);
      case 'virtualip':
        return readVirtualIps(this, el);
      case 'ifgroups':
        return readGroups(this, el);
      default:
        return;
    }
  }

  private system(el: XmlElement): void {
    if (!flag(el, 'ipv6allow')) this.config.ipv6Blocked = this.src.ref(el);
    const host = textOf(el, 'hostname');
    if (host !== undefined && host !== '') this.config.hostname = host;
    const gui = child(el, 'webgui');
    const ssh = child(el, 'ssh');
    const ports: number[] = [];
    const https = (gui !== undefined ? textOf(gui, 'protocol') : undefined) !== 'http';
    const custom = gui !== undefined ? Number(textOf(gui, 'port') ?? '') : 0;
    ports.push(Number.isInteger(custom) && custom > 0 && custom < 65536 ? custom : https ? 443 : 80);
    if (https && (gui === undefined || !flag(gui, 'disablehttpredirect'))) ports.push(80);
    const sshOn =
      ssh !== undefined && (child(ssh, 'enable') !== undefined || child(ssh, 'enabled') !== undefined);
    if (sshOn) {
      const p = Number(textOf(ssh, 'port') ?? '');
      ports.push(Number.isInteger(p) && p > 0 && p < 65536 ? p : 22);
    }
    this.config.antiLockout = {
      disabled: gui !== undefined && flag(gui, 'noantilockout'),
      ports: [...new Set(ports)].sort((a, b) => a - b),
      source: gui !== undefined ? this.src.ref(gui) : null,
    };
  }

  private ifAddress(el: XmlElement, addr: string, len: string, v6: boolean): PfIfAddress | undefined {
    const a = child(el, addr);
    if (a === undefined || a.text === '') return undefined;
    const source = this.src.ref(a);
    const isIp = v6 ? a.text.includes(':') : /^\d{1,3}(\.\d{1,3}){3}$/.test(a.text);
    if (!isIp) return { kind: 'dynamic', how: a.text, source };
    const bits = Number(textOf(el, len) ?? '');
    const max = v6 ? 128 : 32;
    if (!Number.isInteger(bits) || bits < 0 || bits > max) {
      this.sink.warning(
        'invalid-value',
        `<${len}> of ${el.name} is not a prefix length; /${max} is assumed`,
        source,
      );
      return { kind: 'static', address: a.text, prefix: max, source };
    }
    return { kind: 'static', address: a.text, prefix: bits, source };
  }

  private interfaces(el: XmlElement): void {
    for (const i of el.children) {
      if (!this.src.complete(i, 'interface')) continue;
      const v4 = this.ifAddress(i, 'ipaddr', 'subnet', false);
      const v6 = this.ifAddress(i, 'ipaddrv6', 'subnetv6', true);
      const priv = child(i, 'blockpriv');
      const bogons = child(i, 'blockbogons');
      this.config.interfaces.push({
        key: i.name,
        device: textOf(i, 'if') ?? '',
        descr: textOf(i, 'descr') ?? '',
        enabled: flag(i, 'enable'),
        ...(v4 !== undefined ? { v4 } : {}),
        ...(v6 !== undefined ? { v6 } : {}),
        ...(priv !== undefined && priv.text !== '0' ? { blockPriv: this.src.ref(priv) } : {}),
        ...(bogons !== undefined && bogons.text !== '0' ? { blockBogons: this.src.ref(bogons) } : {}),
        source: this.src.ref(i),
      });
    }
  }

  alias(el: XmlElement): void {
    if (!this.src.complete(el, 'alias')) return;
    const name = textOf(el, 'name') ?? '';
    if (name === '') {
      this.sink.warning('invalid-value', 'an alias without a name; it was skipped', this.src.ref(el));
      return;
    }
    const type = (textOf(el, 'type') ?? 'host').toLowerCase();
    const entries: Array<{ text: string; source: PfAlias['source'] }> = [];
    for (const field of ['address', 'content', 'url', 'aliasurl']) {
      for (const f of childrenNamed(el, field)) {
        let from = f.line;
        for (const text of f.text.split(/\s+/)) {
          if (text === '') continue;
          from = this.src.entryLine(f, text, from);
          entries.push({ text, source: this.src.refLine(from) });
        }
      }
    }
    this.addAlias({ name, type, entries, source: this.src.ref(el) });
  }

  addAlias(alias: PfAlias): void {
    if (this.config.aliases.has(alias.name)) {
      this.sink.warning(
        'duplicate-definition',
        `alias ${alias.name} is defined twice; the later definition is used`,
        alias.source,
      );
    }
    this.config.aliases.set(alias.name, alias);
  }

  endpoint(el: XmlElement | undefined, parent: XmlElement): PfEndpoint {
    if (el === undefined) return { any: true, not: false, source: this.src.ref(parent) };
    const network = textOf(el, 'network');
    const address = textOf(el, 'address');
    const port = textOf(el, 'port');
    return {
      any: child(el, 'any') !== undefined && child(el, 'any')!.text !== '0',
      ...(network !== undefined && network !== '' ? { network } : {}),
      ...(address !== undefined && address !== '' ? { address } : {}),
      ...(port !== undefined && port !== '' ? { port } : {}),
      not: flag(el, 'not'),
      source: this.src.ref(el),
    };
  }

  private rule(el: XmlElement): void {
    if (!this.src.complete(el, 'rule')) return;
    if (flag(el, 'disabled')) {
      const descr = textOf(el, 'descr');
      const what = descr ? `rule '${descr}'` : 'a rule';
      this.sink.info(
        'disabled-rule',
        `${what} is disabled (<disabled/>); it is not evaluated`,
        this.src.ref(el),
      );
      return;
    }
    const source = this.src.ref(el);
    const typeText = (textOf(el, 'type') ?? '').toLowerCase();
    const type: PfRuleType | null =
      typeText === ''
        ? 'pass'
        : ['pass', 'block', 'reject', 'match'].includes(typeText)
          ? (typeText as PfRuleType)
          : null;
    if (type === null) {
      this.sink.warning(
        'invalid-value',
        `rule type '${typeText}' is not pass, block, reject or match; the rule was skipped`,
        source,
      );
      return;
    }
    const srcEl = child(el, 'source');
    const dstEl = child(el, 'destination');
    if (srcEl === undefined || dstEl === undefined) {
      this.sink.warning('invalid-value', 'a rule without a source or destination; it was skipped', source);
      return;
    }
    const floating = child(el, 'floating') !== undefined && textOf(el, 'floating') !== 'no';
    const quickEl = child(el, 'quick');
    const quick =
      this.config.flavour === 'pfsense'
        ? !floating || quickEl !== undefined
        : quickEl === undefined
          ? !floating
          : quickEl.text !== '' && quickEl.text !== '0';
    const dirText = (textOf(el, 'direction') ?? '').toLowerCase();
    // pfSense interface rules are inbound whatever they say; floating rules default to any;
    // OPNsense interface rules may say out (or any), and default to in.
    let direction: PfDirection = 'in';
    if (dirText === 'in' || dirText === 'out' || dirText === 'any') {
      if (floating || this.config.flavour === 'opnsense') direction = dirText;
    } else if (floating) direction = 'any';
    const ipp = (textOf(el, 'ipprotocol') ?? 'inet').toLowerCase();
    const proto = (textOf(el, 'protocol') ?? '').toLowerCase();
    const icmp = textOf(el, 'icmptype') ?? '';
    const uncertain: string[] = [];
    for (const [field, why] of [
      ['tagged', 'matches only packets an earlier rule tagged'],
      ['nottagged', 'matches only packets no earlier rule tagged'],
      ['sched', 'applies only during a schedule'],
      ['os', 'matches an OS fingerprint'],
      ['dscp', 'matches a DSCP value'],
      ['vlanprio', 'matches a VLAN priority'],
      ['tcpflags1', 'matches TCP flags'],
      ['tcpflags2', 'matches TCP flags'],
    ] as const) {
      const v = textOf(el, field);
      if (v !== undefined && v !== '') uncertain.push(`<${field}>${v}</${field}> ${why}`);
    }
    const rule: PfRule = {
      type,
      interfaces: (textOf(el, 'interface') ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
      floating,
      quick,
      direction,
      ipprotocol: ipp === 'inet6' || ipp === 'inet46' ? ipp : 'inet',
      ...(proto !== '' && proto !== 'any' ? { protocol: proto } : {}),
      ...(icmp !== '' && icmp !== 'any' ? { icmptypes: icmp.split(',').map((s) => s.trim()) } : {}),
      src: this.endpoint(srcEl, el),
      dst: this.endpoint(dstEl, el),
      descr: textOf(el, 'descr') ?? '',
      ...(textOf(el, 'associated-rule-id') ? { associatedRuleId: textOf(el, 'associated-rule-id')! } : {}),
      uncertain,
      origin: 'legacy',
      source,
    };
    this.config.rules.push(rule);
  }
}
