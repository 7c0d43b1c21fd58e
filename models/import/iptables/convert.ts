import { DiagnosticSink } from '../../diagnostics';
import { parseAddress } from '../../net';
import type { Binding, Device, Interface, NatKind, NatRule, Rule, RuleAction, RuleList } from '../../device';
import type { Attachment } from '../../device';
import { convertMatch, MatchCache } from './match';
import type { IptablesConfig, IptablesOption, IptablesRule } from './model';
import { NAT_TARGETS, NON_TERMINATING_TARGETS } from './options';

/** The tables whose chains can drop a packet, in the kernel's order on each path. */
const PATHS: Readonly<Record<Attachment, ReadonlyArray<readonly [string, string]>>> = {
  transit: [
    ['raw', 'PREROUTING'],
    ['mangle', 'PREROUTING'],
    ['mangle', 'FORWARD'],
    ['filter', 'FORWARD'],
    ['security', 'FORWARD'],
    ['mangle', 'POSTROUTING'],
  ],
  'to-device': [
    ['raw', 'PREROUTING'],
    ['mangle', 'PREROUTING'],
    ['mangle', 'INPUT'],
    ['filter', 'INPUT'],
    ['security', 'INPUT'],
  ],
  'from-device': [
    ['raw', 'OUTPUT'],
    ['mangle', 'OUTPUT'],
    ['filter', 'OUTPUT'],
    ['security', 'OUTPUT'],
    ['mangle', 'POSTROUTING'],
  ],
};
const FILTERING_TABLES = new Set(['filter', 'mangle', 'raw', 'security']);

export const listName = (table: string, chain: string): string => `${table}/${chain}`;

/** The options as written (`--name args`); the parser marks options it does not know with `?`. */
const optionText = (options: readonly IptablesOption[]): string =>
  options
    .map((o) =>
      [...(o.negate ? ['!'] : []), `--${o.name.replace(/^\?/, '')}`, ...o.args.map(quoteArg)].join(' '),
    )
    .join(' ');

/** An argument as iptables-save would quote it: as is, or in double quotes when it has blanks or quotes. */
const quoteArg = (a: string): string =>
  a === '' || /[\s"'\\]/.test(a) ? `"${a.replace(/["\\]/g, '\\$&')}"` : a;

/** Extension targets iptables ships whose effect is not modelled (not chains, not typos). */
const UNMODELLED_TARGETS = new Set([
  'TPROXY',
  'SYNPROXY',
  'HMARK',
  'CLUSTERIP',
  'DNPT',
  'SNPT',
  'MIRROR',
  'TARPIT',
  'DELUDE',
  'CHAOS',
]);

/**
 * `--to-destination ADDR[:PORT]` with one address and at most one port, as a structured rewrite;
 * ranges (load balancing over several addresses or ports) are left unstructured.
 */
function dnatRewrite(options: readonly IptablesOption[]): { rewrite?: { address: string; port?: number } } {
  const o = options.find((x) => x.name.replace(/^\?/, '') === 'to-destination');
  if (!o || o.negate || o.args.length !== 1) return {};
  const m = /^(\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:.]+\]|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)(?::(\d{1,5}))?$/.exec(
    o.args[0]!,
  );
  if (!m) return {};
  const address = m[1]!.replace(/^\[|\]$/g, '');
  const parsed = parseAddress(address);
  if (!parsed.ok) return {};
  const port = m[2] === undefined ? undefined : Number(m[2]);
  if (port !== undefined && (port < 1 || port > 65535)) return {};
  return { rewrite: port === undefined ? { address } : { address, port } };
}

/** The vendor model -> the neutral Device. */
export function convertIptables(
  config: IptablesConfig,
  deviceName: string,
): { device: Device; diagnostics: DiagnosticSink } {
  const sink = new DiagnosticSink('convert');
  const cache = new MatchCache();
  const lists = new Map<string, RuleList>();
  const nat: NatRule[] = [];
  const interfaces = new Set<string>();
  let uncertainRules = 0;

  for (const table of config.tables.values()) {
    const filtering = FILTERING_TABLES.has(table.name);
    for (const chain of table.chains.values()) {
      const name = listName(table.name, chain.name);
      const rules: Rule[] = [];
      // DNAT directly in nat PREROUTING is applied exactly while every rule before it is a
      // plain DNAT or a log: after a jump, RETURN or ACCEPT the first match is not knowable here.
      let exactNat = table.name === 'nat' && chain.name === 'PREROUTING';
      chain.rules.forEach((r, index) => {
        const id = `${name}#${index + 1}`;
        // A rule that only logs or marks decides no verdict, so what it cannot match exactly is
        // worth an info, not a warning.
        const decides =
          r.target !== null &&
          !(
            NON_TERMINATING_TARGETS.has(r.target.name) &&
            r.target.name !== 'NOTRACK' &&
            r.target.name !== 'CT'
          );
        const { match, label } = convertMatch(r, config.family, sink, cache, decides);
        if (match.inInterface)
          for (const n of match.inInterface.names) if (!n.endsWith('+')) interfaces.add(n);
        if (match.outInterface)
          for (const n of match.outInterface.names) if (!n.endsWith('+')) interfaces.add(n);
        const { action, target, detail, effect } = convertTarget(r, table.chains, sink);
        if (filtering) {
          const uncertainEffect = detail?.startsWith('?') ? detail.slice(1) : undefined;
          if (uncertainEffect !== undefined || (match.uncertain !== undefined && action !== 'continue'))
            uncertainRules++;
          rules.push({
            id,
            action,
            ...(target !== undefined ? { target } : {}),
            match,
            source: r.source,
            origin: {
              vendor: 'iptables',
              file: config.file,
              line: r.source.line,
              name: `${chain.name} #${index + 1}`,
            },
            ...(label !== undefined ? { label } : {}),
            ...(detail !== undefined ? { detail: uncertainEffect ?? detail } : {}),
            ...(uncertainEffect !== undefined ? { uncertainEffect } : {}),
            ...(effect !== undefined ? { effect } : {}),
          });
        } else if (r.target && NAT_TARGETS.has(r.target.name)) {
          nat.push({
            id,
            kind: r.target.name.toLowerCase() as NatKind,
            translates:
              r.target.name === 'DNAT' ||
              r.target.name === 'REDIRECT' ||
              (r.target.name === 'NETMAP' && /PREROUTING|OUTPUT/.test(chain.name))
                ? 'destination'
                : 'source',
            match,
            to: optionText(r.target.options),
            ...(exactNat && r.target.name === 'DNAT' ? dnatRewrite(r.target.options) : {}),
            list: name,
            source: r.source,
          });
        }
        if (
          r.target?.name !== 'LOG' &&
          r.target?.name !== 'NFLOG' &&
          (r.target?.name !== 'DNAT' || dnatRewrite(r.target.options).rewrite === undefined)
        )
          exactNat = false;
      });
      if (!filtering) continue;
      lists.set(name, {
        name,
        rules,
        fallThrough: chain.builtin
          ? { kind: 'default', action: chain.policy === 'DROP' ? 'deny' : 'permit', source: chain.source }
          : { kind: 'return' },
        source: chain.source,
      });
    }
  }

  const bindings: Binding[] = [];
  for (const [attachment, path] of Object.entries(PATHS) as Array<[Attachment, (typeof PATHS)[Attachment]]>) {
    for (const [table, chain] of path) {
      const name = listName(table, chain);
      if (lists.has(name))
        bindings.push({ attachment, list: name, ...(table === 'filter' ? { primary: true } : {}) });
    }
  }

  const ifaces: Interface[] = [...interfaces]
    .sort()
    .map((n) => ({ name: n, addresses: [], source: null, ...(n === 'lo' ? { loopback: true } : {}) }));
  const device: Device = {
    name: deviceName,
    vendor: 'iptables',
    file: config.file,
    interfaces: ifaces,
    zones: [],
    lists,
    bindings,
    routes: [],
    nat,
    families: [config.family],
    support: {
      filtering: uncertainRules > 0 ? 'partial' : 'full',
      nat: nat.length > 0 ? 'recorded' : 'none',
      routes: 'absent',
      notes: [
        'Interfaces are known only by the names rules use; pair the file with `ip -j addr` output for addresses.',
        ...(nat.length > 0
          ? [
              'NAT rules are recorded, not yet applied to verdicts; a flow they translate is marked uncertain.',
            ]
          : []),
        ...(uncertainRules > 0
          ? [`${uncertainRules} rule(s) use matches that cannot be decided offline.`]
          : []),
      ],
    },
  };
  return { device, diagnostics: sink };
}

function convertTarget(
  r: IptablesRule,
  chains: ReadonlyMap<string, unknown>,
  sink: DiagnosticSink,
): { action: RuleAction; target?: string; detail?: string; effect?: 'untrack' } {
  const t = r.target;
  if (t === null) return { action: 'continue', detail: 'no target (counts packets only)' };
  const opts = optionText(t.options);
  const detail = opts ? `${t.name} ${opts}` : t.name;
  if (t.kind === 'goto') {
    if (!chains.has(t.name)) return undefinedChain(r, t.name, sink);
    return { action: 'goto', target: listName(r.table, t.name), detail };
  }
  switch (t.name) {
    case 'ACCEPT':
      return { action: 'permit' };
    case 'DROP':
    case 'REJECT':
      if (r.table === 'nat') {
        sink.warning(
          'invalid-value',
          `target ${t.name} cannot be used in the nat table (the kernel refuses it); the rule is ignored`,
          r.source,
        );
        return { action: 'continue', detail: `?${t.name} in the nat table is refused by the kernel` };
      }
      return t.name === 'DROP' ? { action: 'deny' } : { action: 'deny', detail };
    case 'RETURN':
      return { action: 'return' };
  }
  if (chains.has(t.name)) return { action: 'jump', target: listName(r.table, t.name), detail };
  // NOTRACK (and CT --notrack) exempt the flow from connection tracking: later state
  // matches see UNTRACKED instead of NEW.
  if (t.name === 'NOTRACK' || (t.name === 'CT' && t.options.some((o) => o.name === 'notrack'))) {
    if (r.table !== 'raw')
      sink.warning('invalid-value', `target ${t.name} is valid only in the raw table`, r.source);
    return { action: 'continue', detail, effect: 'untrack' };
  }
  if (NON_TERMINATING_TARGETS.has(t.name)) return { action: 'continue', detail };
  if (NAT_TARGETS.has(t.name)) {
    if (r.table !== 'nat')
      sink.warning('invalid-value', `target ${t.name} is valid only in the nat table`, r.source);
    return { action: 'continue', detail };
  }
  if (t.name === 'NFQUEUE' || t.name === 'QUEUE') {
    sink.warning(
      'uncertain-match',
      `target ${t.name} hands the packet to a userspace program whose verdict is unknown; taken as accept`,
      r.source,
    );
    return { action: 'permit', detail: `?${t.name}: the verdict is decided by a userspace program` };
  }
  // Extension targets are upper case by convention (libxt_NAME); anything else names a chain.
  if (UNMODELLED_TARGETS.has(t.name) || /^[A-Z][A-Z0-9_]*$/.test(t.name)) {
    const what = UNMODELLED_TARGETS.has(t.name)
      ? 'is not modelled'
      : `is neither a chain of table ${r.table} nor a target the importer knows`;
    sink.warning(
      'unsupported-construct',
      `target '${t.name}' ${what}; the rule is treated as not deciding`,
      r.source,
    );
    return { action: 'continue', detail: `?target '${t.name}' is not modelled` };
  }
  return undefinedChain(r, t.name, sink);
}

function undefinedChain(
  r: IptablesRule,
  name: string,
  sink: DiagnosticSink,
): { action: RuleAction; detail: string } {
  const verb = r.target?.kind === 'goto' ? 'goto' : 'jump';
  sink.error(
    'undefined-reference',
    `chain '${name}' is not defined in table ${r.table} (iptables-restore would reject the file); the ${verb} is ignored`,
    r.source,
  );
  return { action: 'continue', detail: `?${verb} to the undefined chain '${name}'` };
}
