import { type XmlElement, child, childrenNamed } from '../formats/xml';
import type { PfReader } from './parse';
import { flag, textOf } from './xml-source';

/** The network sections both flavours share: NAT, static routes, gateways, virtual IPs, interface groups. */

const isEmpty = (el: XmlElement): boolean => el.children.length === 0 && el.text === '';

export function readNat(reader: PfReader, el: XmlElement): void {
  for (const r of el.children) {
    if (r.name === 'rule') {
      if (!reader.src.complete(r, 'port forward') || flag(r, 'disabled')) continue;
      const ipp = (textOf(r, 'ipprotocol') ?? 'inet').toLowerCase();
      const proto = (textOf(r, 'protocol') ?? '').toLowerCase();
      const localPort = textOf(r, 'local-port');
      const assoc = textOf(r, 'associated-rule-id');
      reader.config.portForwards.push({
        interfaces: (textOf(r, 'interface') ?? 'wan').split(',').filter((s) => s !== ''),
        ipprotocol: ipp === 'inet6' || ipp === 'inet46' ? ipp : 'inet',
        ...(proto !== '' && proto !== 'any' ? { protocol: proto } : {}),
        src: reader.endpoint(child(r, 'source'), r),
        dst: reader.endpoint(child(r, 'destination'), r),
        target: textOf(r, 'target') ?? '',
        ...(localPort !== undefined && localPort !== '' ? { localPort } : {}),
        descr: textOf(r, 'descr') ?? '',
        ...(assoc !== undefined && assoc !== '' ? { associatedRuleId: assoc } : {}),
        nordr: flag(r, 'nordr'),
        source: reader.src.ref(r),
      });
    } else if (r.name === 'onetoone') {
      if (!reader.src.complete(r, '1:1 NAT') || flag(r, 'disabled')) continue;
      reader.config.oneToOne.push({
        interface: textOf(r, 'interface') ?? 'wan',
        external: textOf(r, 'external') ?? '',
        internal: reader.endpoint(child(r, 'source'), r),
        dst: reader.endpoint(child(r, 'destination'), r),
        descr: textOf(r, 'descr') ?? '',
        source: reader.src.ref(r),
      });
    } else if (r.name === 'outbound') {
      reader.config.outboundMode = textOf(r, 'mode') ?? null;
      for (const o of childrenNamed(r, 'rule')) {
        if (!reader.src.complete(o, 'outbound NAT rule') || flag(o, 'disabled')) continue;
        reader.config.outboundNat.push({
          interface: textOf(o, 'interface') ?? 'wan',
          src: reader.endpoint(child(o, 'source'), o),
          dst: reader.endpoint(child(o, 'destination'), o),
          target: textOf(o, 'target') ?? '',
          nonat: flag(o, 'nonat'),
          descr: textOf(o, 'descr') ?? '',
          source: reader.src.ref(o),
        });
      }
    } else if (r.name !== 'separator' && !isEmpty(r)) {
      reader.sink.info(
        'unsupported-construct',
        `<nat><${r.name}> is not modelled; it was skipped`,
        reader.src.ref(r),
      );
    }
  }
}

export function readRoutes(reader: PfReader, el: XmlElement): void {
  for (const r of childrenNamed(el, 'route')) {
    if (isEmpty(r) || !reader.src.complete(r, 'route') || flag(r, 'disabled')) continue;
    reader.config.routes.push({
      network: textOf(r, 'network') ?? '',
      gateway: textOf(r, 'gateway') ?? '',
      source: reader.src.ref(r),
    });
  }
}

export function readGateways(reader: PfReader, el: XmlElement): void {
  for (const g of el.children) {
    if (g.name === 'gateway_item') {
      if (!reader.src.complete(g, 'gateway') || flag(g, 'disabled')) continue;
      const name = textOf(g, 'name') ?? '';
      if (name === '') continue;
      reader.config.gateways.set(name, {
        name,
        interface: textOf(g, 'interface') ?? '',
        gateway: textOf(g, 'gateway') ?? 'dynamic',
        source: reader.src.ref(g),
      });
      if (flag(g, 'defaultgw')) reader.config.defaultGateways.push({ name, source: reader.src.ref(g) });
    } else if ((g.name === 'defaultgw4' || g.name === 'defaultgw6') && g.text !== '') {
      reader.config.defaultGateways.push({ name: g.text, source: reader.src.ref(g) });
    }
  }
}

export function readVirtualIps(reader: PfReader, el: XmlElement): void {
  for (const v of childrenNamed(el, 'vip')) {
    if (!reader.src.complete(v, 'virtual IP')) continue;
    const mode = textOf(v, 'mode') ?? '';
    // Proxy ARP and "other" VIPs answer for an address without holding it: not (self).
    if (mode !== 'carp' && mode !== 'ipalias') continue;
    const bits = Number(textOf(v, 'subnet_bits') ?? '');
    reader.config.virtualIps.push({
      interface: textOf(v, 'interface') ?? '',
      address: textOf(v, 'subnet') ?? '',
      prefix: Number.isInteger(bits) ? bits : -1,
      source: reader.src.ref(v),
    });
  }
}

export function readGroups(reader: PfReader, el: XmlElement): void {
  for (const g of childrenNamed(el, 'ifgroupentry')) {
    if (!reader.src.complete(g, 'interface group')) continue;
    const name = textOf(g, 'ifname') ?? '';
    if (name === '') continue;
    reader.config.groups.set(name, {
      name,
      members: (textOf(g, 'members') ?? '').split(/[\s,]+/).filter((s) => s !== ''),
      source: reader.src.ref(g),
    });
  }
}
