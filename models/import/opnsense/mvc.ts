import { type XmlElement, child, childrenNamed } from '../formats/xml';
import {
  type PfEndpoint,
  type PfParse,
  type PfReader,
  type PfRule,
  type PfRuleType,
  flag,
  textOf,
} from '../pfsense';

/** `<OPNsense><Firewall>` parts that are bookkeeping only (categories, list-view templates). */
const QUIET_FIREWALL = new Set(['Lvtemplate', 'Category']);

const isEmpty = (el: XmlElement): boolean =>
  el.children.length === 0 ? el.text === '' : el.children.every((c) => isEmpty(c));

/**
 * Reads OPNsense's MVC firewall sections into the shared vendor model: aliases
 * (`<OPNsense><Firewall><Alias><aliases><alias uuid>`) and filter rules
 * (`<OPNsense><Firewall><Filter><rules><rule uuid>`, ordered by `sequence`). Other MVC NAT
 * parts are reported once each when not empty. The rest of `<OPNsense>` (plugins, IDS, VPN
 * settings) is skipped quietly (support.md).
 */
export function readOpnsenseMvc(parsed: PfParse, reader: PfReader): void {
  const firewall =
    parsed.root === null ? undefined : child(child(parsed.root, 'OPNsense') ?? parsed.root, 'Firewall');
  if (firewall === undefined || parsed.root === null || child(parsed.root, 'OPNsense') === undefined) return;
  const { src } = parsed;
  for (const part of firewall.children) {
    if (part.name === 'Alias') {
      for (const a of childrenNamed(child(part, 'aliases') ?? part, 'alias')) {
        if (textOf(a, 'enabled') === '0') continue;
        reader.alias(a);
      }
    } else if (part.name === 'Filter') {
      for (const sub of part.children) {
        if (sub.name === 'rules') readRules(sub, parsed, reader);
        else if (!isEmpty(sub))
          src.sink.info(
            'unsupported-construct',
            `<Filter><${sub.name}> (MVC NAT) is not modelled; it was skipped`,
            src.ref(sub),
          );
      }
    } else if (!QUIET_FIREWALL.has(part.name) && !isEmpty(part)) {
      src.sink.info(
        'unsupported-construct',
        `<Firewall><${part.name}> is not modelled; it was skipped`,
        src.ref(part),
      );
    }
  }
}

function readRules(el: XmlElement, parsed: PfParse, reader: PfReader): void {
  const { src, config } = parsed;
  const keys = config.interfaces.map((i) => i.key);
  const rules: Array<{ seq: number; at: number; rule: PfRule }> = [];
  childrenNamed(el, 'rule').forEach((r, at) => {
    if (!src.complete(r, 'rule')) return;
    if (textOf(r, 'enabled') === '0') return;
    const source = src.ref(r);
    const action = (textOf(r, 'action') ?? 'pass').toLowerCase();
    if (!['pass', 'block', 'reject'].includes(action)) {
      src.sink.warning(
        'invalid-value',
        `rule action '${action}' is not pass, block or reject; the rule was skipped`,
        source,
      );
      return;
    }
    const listed = (textOf(r, 'interface') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const inverted = flag(r, 'interfacenot');
    const interfaces = inverted ? keys.filter((k) => !listed.includes(k)) : listed;
    // Every interface excluded: the rule applies nowhere.
    if (inverted && interfaces.length === 0) return;
    const dir = (textOf(r, 'direction') ?? 'in').toLowerCase();
    const ipp = (textOf(r, 'ipprotocol') ?? 'inet').toLowerCase();
    const proto = (textOf(r, 'protocol') ?? 'any').toLowerCase();
    const icmp = textOf(r, 'icmptype') ?? '';
    const quickEl = child(r, 'quick');
    const endpoint = (side: 'source' | 'destination'): PfEndpoint => {
      const net = textOf(r, `${side}_net`) ?? 'any';
      const port = textOf(r, `${side}_port`) ?? '';
      const any = net === '' || net.toLowerCase() === 'any';
      return {
        any,
        ...(any ? {} : { network: net }),
        ...(port !== '' ? { port } : {}),
        not: flag(r, `${side}_not`),
        source,
      };
    };
    const uncertain: string[] = [];
    for (const f of ['tagged', 'sched']) {
      const v = textOf(r, f);
      if (v !== undefined && v !== '') uncertain.push(`<${f}>${v}</${f}> cannot be decided offline`);
    }
    const seq = Number(textOf(r, 'sequence') ?? '');
    rules.push({
      seq: Number.isFinite(seq) ? seq : Number.MAX_SAFE_INTEGER,
      at,
      rule: {
        type: action as PfRuleType,
        interfaces,
        floating: interfaces.length !== 1 || inverted,
        quick: quickEl === undefined || (quickEl.text !== '0' && quickEl.text !== ''),
        direction: dir === 'out' ? 'out' : dir === 'any' ? 'any' : 'in',
        ipprotocol: ipp === 'inet6' || ipp === 'inet46' ? ipp : 'inet',
        ...(proto !== 'any' && proto !== '' ? { protocol: proto } : {}),
        ...(icmp !== '' && icmp !== 'any' ? { icmptypes: icmp.split(',').map((s) => s.trim()) } : {}),
        src: endpoint('source'),
        dst: endpoint('destination'),
        descr: textOf(r, 'description') ?? '',
        uncertain,
        origin: 'mvc',
        source,
      },
    });
  });
  rules.sort((a, b) => a.seq - b.seq || a.at - b.at);
  for (const { rule } of rules) config.rules.push(rule);
  void reader;
}
