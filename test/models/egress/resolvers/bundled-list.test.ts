import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type Resolver,
  type ResolverList,
  buildResolverList,
  bundledResolverList,
  importResolverList,
  serializeResolverList,
} from '../../../../models/egress/resolvers';
import { corpusRoot, repoRoot } from '../../import/shared/corpus';

const committedPath = path.join(repoRoot, 'models', 'egress', 'data', 'public-resolvers.json');
const committedText = readFileSync(committedPath, 'utf8');
const committed = JSON.parse(committedText) as ResolverList;
const corpusFile = path.join(corpusRoot, 'doh', 'dnscrypt-public-resolvers-v3.md');
const corpusText = readFileSync(corpusFile, 'utf8');
const corpusLines = corpusText.split('\n');

const named = (name: string): Resolver[] => committed.resolvers.filter((r) => r.name === name);
const ips = (rs: readonly Resolver[], protocol: string, transport: string, port: number): string[] =>
  rs.flatMap((r) =>
    r.addresses
      .filter((e) => e.protocol === protocol && e.transport === transport && e.port === port)
      .map((e) => e.address),
  );

describe('the bundled resolver list', () => {
  it('is exactly what scripts/update-resolvers.mjs generates from the corpus file (no hand edits)', () => {
    const out = execFileSync(
      process.execPath,
      [path.join(repoRoot, 'scripts', 'update-resolvers.mjs'), '--stdout'],
      {
        cwd: repoRoot,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    expect(out).toBe(committedText);
  });

  it('equals buildResolverList over the corpus text with the provenance of SOURCES.md', () => {
    const { list } = buildResolverList(corpusText, committed.provenance.source);
    expect(serializeResolverList(list)).toBe(committedText);
  });

  it('holds what a user import of the same markdown file reads', () => {
    const imported = importResolverList('v3/public-resolvers.md', corpusText);
    expect(imported.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(imported.value.resolvers).toEqual(committed.resolvers);
  });

  it('is accepted as is by bundledResolverList, which refuses other JSON', () => {
    expect(bundledResolverList(committed)).toBe(committed);
    expect(bundledResolverList({ format: 'conduit-resolver-list', version: 2, resolvers: [] })).toBeNull();
    expect(bundledResolverList([1, 2])).toBeNull();
    expect(bundledResolverList(null)).toBeNull();
  });

  it('records its provenance: upstream repository, path, commit, date, licence', () => {
    expect(committed.provenance.source).toEqual({
      url: 'https://github.com/DNSCrypt/dnscrypt-resolvers',
      path: 'v3/public-resolvers.md',
      commit: '24795a1917845084794eb23f851703df42c8197e',
      date: '2026-07-24',
      licence: 'BSD-2-Clause',
    });
    expect(committed.provenance.generated).toBe('2026-07-24');
    expect(committed.format).toBe('conduit-resolver-list');
  });

  it('counts what SOURCES.md says the list holds: 816 sections, 483 DoH and 436 DNSCrypt stamps', () => {
    expect(committed.provenance.counts).toMatchObject({
      sections: 816,
      stamps: 919,
      invalidStamps: 0,
      resolvers: 919,
      byProtocol: { dnscrypt: 436, doh: 483 },
      hostnameOnly: 11,
    });
    expect(committed.resolvers).toHaveLength(919);
  });

  it('cites, for every resolver, the exact upstream line of its stamp', () => {
    for (const r of committed.resolvers) {
      expect(r.source.file).toBe('v3/public-resolvers.md');
      expect(corpusLines[r.source.line - 1]).toBe(r.source.text);
    }
  });

  it('holds Cloudflare with 1.0.0.1 and its IPv6 addresses', () => {
    const cf = named('cloudflare');
    expect(cf[0]!.provider).toBe('Cloudflare');
    expect(ips(cf, 'doh', 'tcp', 443)).toEqual(
      expect.arrayContaining(['1.0.0.1', '162.159.36.1', '104.16.249.249']),
    );
    expect(ips(cf, 'dot', 'tcp', 853)).toContain('1.0.0.1');
    expect(ips(named('cloudflare-ipv6'), 'doh', 'tcp', 443)).toEqual(
      expect.arrayContaining(['2606:4700:4700::1001']),
    );
  });

  it('holds Google with 8.8.8.8 and 8.8.4.4 on DoH and (assumed) DoT', () => {
    const g = named('google');
    expect(g.map((r) => r.provider)).toEqual(['Google Public DNS', 'Google Public DNS']);
    expect(ips(g, 'doh', 'tcp', 443)).toEqual(['8.8.8.8', '8.8.4.4']);
    expect(ips(g, 'doh', 'udp', 443)).toEqual(['8.8.8.8', '8.8.4.4']);
    expect(ips(g, 'dot', 'tcp', 853)).toEqual(['8.8.8.8', '8.8.4.4']);
    expect(g[0]!.addresses.find((e) => e.protocol === 'dot')).toMatchObject({
      assumed: true,
      assumption: 'dot-known-host',
    });
  });

  it('holds Quad9 with 9.9.9.9 and 149.112.112.9, DNSSEC and no-log', () => {
    const q = named('quad9-doh-ip4-port443-filter-pri');
    expect(ips(q, 'doh', 'tcp', 443)).toEqual(['9.9.9.9', '149.112.112.9']);
    expect(q[0]).toMatchObject({
      provider: 'Quad9 Foundation',
      hostname: 'dns9.quad9.net',
      path: '/dns-query',
    });
    expect(q[0]!.props).toEqual({ dnssec: true, nolog: true, nofilter: false });
  });

  it('holds AdGuard DNSCrypt on udp and tcp 5443', () => {
    const ag = named('adguard-dns');
    expect(ips(ag, 'dnscrypt', 'udp', 5443)).toEqual(['94.140.14.14', '94.140.15.15']);
    expect(ips(ag, 'dnscrypt', 'tcp', 5443)).toEqual(['94.140.14.14', '94.140.15.15']);
  });

  it('keeps host-name-only resolvers flagged, with no addresses', () => {
    const only = committed.resolvers.filter((r) => r.hostnameOnly);
    expect(only).toHaveLength(11);
    for (const r of only) {
      expect(r.addresses).toEqual([]);
      expect(r.hostname).not.toBeNull();
    }
  });

  it('marks every assumed endpoint with its reason, and never assumes DoT for unknown hosts', () => {
    for (const r of committed.resolvers) {
      for (const e of r.addresses) {
        if (e.assumed) expect(['doh3', 'dot-known-host']).toContain(e.assumption);
        if (e.protocol === 'dot') {
          expect(e.assumed).toBe(true);
          expect(committed.provenance.knownDotHosts).toContain(r.hostname);
        }
      }
    }
  });
});
