import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosticSink } from '../../../../models/diagnostics';
import { parseResolverMarkdown } from '../../../../models/egress/resolvers';
import { readText, repoRoot } from '../../import/shared/corpus';

const dir = path.join(repoRoot, 'test', 'fixtures', 'egress');
const file = 'public-resolvers-sample.md';
const text = readText(dir, file);
const lines = text.split('\n');

describe('parseResolverMarkdown', () => {
  const sink = new DiagnosticSink('parse');
  const parsed = parseResolverMarkdown(file, text, sink);
  const byName = (name: string) => parsed.resolvers.filter((r) => r.name === name);

  it('reads one resolver per stamp, named by its section', () => {
    expect(parsed.sections).toBe(6);
    expect(parsed.stamps).toBe(11);
    expect(parsed.resolvers.map((r) => r.name)).toEqual([
      'a-and-a',
      'a-and-a',
      'adguard-dns',
      'adguard-dns',
      'cloudflare',
      'cloudflare',
      'dnshome-de',
      'broken-stamps',
    ]);
  });

  it('keeps the stamp line as the source of every resolver', () => {
    for (const r of parsed.resolvers) {
      expect(r.source.file).toBe(file);
      expect(r.source.text).toBe(lines[r.source.line - 1]);
      expect(r.source.text.startsWith('sdns://')).toBe(true);
    }
    expect(byName('a-and-a').map((r) => r.source.line)).toEqual([16, 17]);
  });

  it('takes the provider from "Operated by", else from the host name', () => {
    expect(byName('a-and-a')[0]!.provider).toBe('Andrews & Arnold');
    expect(byName('adguard-dns')[0]!.provider).toBe('AdGuard');
    expect(byName('cloudflare')[0]!.provider).toBe('Cloudflare');
    expect(byName('dnshome-de')[0]!.provider).toBe('dnshome.de');
    expect(byName('broken-stamps')[0]!.provider).toBeNull();
  });

  it('gives DoH on tcp and (assumed) udp, plus assumed DoT for known DoT hosts only', () => {
    const [aa] = byName('a-and-a');
    expect(aa).toMatchObject({
      protocols: ['doh', 'dot'],
      assumed: ['dot'],
      hostname: 'dns.aa.net.uk',
      path: '/dns-query',
    });
    expect(aa!.addresses).toEqual([
      { protocol: 'doh', transport: 'tcp', address: '217.169.20.22', port: 443 },
      {
        protocol: 'doh',
        transport: 'udp',
        address: '217.169.20.22',
        port: 443,
        assumed: true,
        assumption: 'doh3',
      },
      {
        protocol: 'dot',
        transport: 'tcp',
        address: '217.169.20.22',
        port: 853,
        assumed: true,
        assumption: 'dot-known-host',
      },
    ]);
    // dns.cloudflare.com is not in the known-DoT table; the 1.0.0.1 name is.
    const [cfName, cfIp] = byName('cloudflare');
    expect(cfName!.protocols).toEqual(['doh']);
    expect(cfName!.assumed).toBeUndefined();
    expect(cfIp!.protocols).toEqual(['doh', 'dot']);
  });

  it('gives DNSCrypt both transports on the stamp port, with the props', () => {
    const [ag] = byName('adguard-dns');
    expect(ag!.addresses).toEqual([
      { protocol: 'dnscrypt', transport: 'udp', address: '94.140.14.14', port: 5443 },
      { protocol: 'dnscrypt', transport: 'tcp', address: '94.140.14.14', port: 5443 },
    ]);
    expect(ag!.props).toEqual({ dnssec: true, nolog: true, nofilter: false });
    expect(ag!.hostname).toBeNull();
  });

  it('keeps host-name-only resolvers with no addresses and a flag', () => {
    const [home] = byName('dnshome-de');
    expect(home).toMatchObject({ hostname: 'dns.dnshome.de', addresses: [], hostnameOnly: true });
  });

  it('reports bad stamps and stray stamps by line, and goes on', () => {
    const at = (line: number) => sink.diagnostics.filter((d) => d.source.line === line);
    expect(at(5)).toMatchObject([{ code: 'unrecognized-line', severity: 'warning' }]);
    expect(at(54)).toMatchObject([{ code: 'invalid-value', severity: 'warning' }]);
    expect(at(54)[0]!.message).toMatch(
      /^resolver 'broken-stamps': bad DNS stamp: the stamp ends early: the path/,
    );
    expect(at(55)[0]!.message).toBe(
      "resolver 'broken-stamps': bad DNS stamp: address '999.1.1.1' is not an IP address; skipped",
    );
    expect(at(47)).toMatchObject([{ code: 'hostname-address', severity: 'info' }]);
    for (const d of sink.diagnostics) expect(d.source.text).toBe(lines[d.source.line - 1]);
    expect(byName('broken-stamps')[0]!.addresses).toEqual([
      { protocol: 'dns', transport: 'udp', address: '9.9.9.9', port: 53 },
      { protocol: 'dns', transport: 'tcp', address: '9.9.9.9', port: 53 },
    ]);
  });

  it('cuts absurdly long section names, with a warning', () => {
    const long = new DiagnosticSink('parse');
    const r = parseResolverMarkdown(
      'long.md',
      `## ${'x'.repeat(5000)}\n\nsdns://AAEAAAAAAAAACTEyNy4wLjAuMQ\n`,
      long,
    );
    expect(r.resolvers[0]!.name).toHaveLength(200);
    expect(long.diagnostics.map((d) => `${d.source.line} ${d.message}`)).toEqual([
      '1 a section name of 5000 characters; cut to 200',
    ]);
  });

  it('reads CRLF files with the same lines', () => {
    const crlf = new DiagnosticSink('parse');
    const again = parseResolverMarkdown(file, text.replace(/\n/g, '\r\n'), crlf);
    expect(again.resolvers).toEqual(parsed.resolvers);
  });
});
