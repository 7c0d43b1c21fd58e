import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ResolverList,
  detectResolverListFormat,
  importResolverList,
  resolverIndex,
  serializeResolverList,
  splitCsvLine,
} from '../../../../models/egress/resolvers';
import { readText, repoRoot } from '../../import/shared/corpus';

const dir = path.join(repoRoot, 'test', 'fixtures', 'egress');
const fixture = (name: string): { name: string; text: string; lines: string[] } => {
  const text = readText(dir, name);
  return { name, text, lines: text.split('\n') };
};
const bundledText = readFileSync(
  path.join(repoRoot, 'models', 'egress', 'data', 'public-resolvers.json'),
  'utf8',
);
const bundled = JSON.parse(bundledText) as ResolverList;

/** Every diagnostic cites a real line of the file, quoting it exactly. */
function expectCitations(
  diagnostics: ReturnType<typeof importResolverList>['diagnostics'],
  lines: string[],
): void {
  for (const d of diagnostics) {
    expect(d.stage).toBe('parse');
    expect(d.source.text, `${d.source.file}:${d.source.line}`).toBe(
      lines[d.source.line - 1]?.replace(/\r$/, '') ?? '',
    );
  }
}

describe('detectResolverListFormat', () => {
  it.each([
    ['{"format": "conduit-resolver-list"}', 'json'],
    ['\uFEFF  [\n]', 'json'],
    ['# list\n\n## name\n\nsdns://AAEAAAAAAAAACTEyNy4wLjAuMQ\n', 'markdown'],
    ['sdns://AAEAAAAAAAAACTEyNy4wLjAuMQ\n', 'markdown'],
    ['address,hostname,protocol,provider\n9.9.9.9,,dns,Quad9\n', 'csv'],
    ['  \n\n', null],
  ])('%j -> %s', (text, format) => {
    expect(detectResolverListFormat(text)).toBe(format);
  });
});

describe('importResolverList: markdown', () => {
  it('reads the dnscrypt-resolvers format with line-cited diagnostics', () => {
    const f = fixture('public-resolvers-sample.md');
    const r = importResolverList(f.name, f.text);
    expect(r.format).toBe('markdown');
    expect(r.value.resolvers).toHaveLength(8);
    expect(r.value.provenance.counts).toMatchObject({
      sections: 6,
      stamps: 11,
      invalidStamps: 2,
      hostnameOnly: 1,
    });
    expect(r.diagnostics.map((d) => `${d.source.line} ${d.code}`)).toEqual([
      '5 unrecognized-line',
      '47 hostname-address',
      '54 invalid-value',
      '55 invalid-value',
    ]);
    expectCitations(r.diagnostics, f.lines);
  });
});

describe('importResolverList: JSON in the bundled format', () => {
  it('reads the bundled list back unchanged', () => {
    const r = importResolverList('public-resolvers.json', bundledText);
    expect(r.format).toBe('json');
    expect(r.diagnostics).toEqual([]);
    expect(r.value.resolvers).toEqual(bundled.resolvers);
    expect(r.value.provenance.source).toEqual(bundled.provenance.source);
    expect(serializeResolverList({ ...bundled, resolvers: r.value.resolvers })).toBe(bundledText);
  });

  it('skips bad resolvers and endpoints, citing their lines', () => {
    const f = fixture('resolvers--invalid.json');
    const r = importResolverList(f.name, f.text);
    expect(r.value.resolvers.map((x) => x.name)).toEqual(['good', 'bad-endpoint']);
    expect(r.value.resolvers[1]!.addresses.map((e) => e.address)).toEqual(['192.0.2.4']);
    expect(r.value.resolvers[0]!.source).toMatchObject({ file: f.name, line: 5 });
    expect(r.diagnostics.map((d) => `${d.source.line} ${d.code} ${d.message}`)).toEqual([
      '14 invalid-value a resolver without a "name"; skipped',
      "17 invalid-value resolver 'bad-protocol': unknown protocol 'carrier-pigeon'; skipped",
      "27 invalid-value resolver 'bad-endpoint': '192.0.2.300' is not an IP address; endpoint skipped",
      "28 invalid-value resolver 'bad-endpoint': transport 'sctp' is not tcp or udp; endpoint skipped",
    ]);
    expectCitations(r.diagnostics, f.lines);
  });

  it('reports JSON syntax errors by line as malformed input', () => {
    const f = fixture('resolvers--malformed.json');
    const r = importResolverList(f.name, f.text);
    expect(r.diagnostics[0]).toMatchObject({
      code: 'malformed-input',
      severity: 'error',
      source: { line: 4 },
    });
    expectCitations(r.diagnostics, f.lines);
  });

  it('says so when the JSON is not a resolver list', () => {
    const r = importResolverList('other.json', '[1, 2]\n');
    expect(r.value.resolvers).toEqual([]);
    expect(r.diagnostics.map((d) => d.message)).toEqual(['a resolver list is a JSON object']);
  });
});

describe('importResolverList: CSV address,hostname,protocol,provider', () => {
  it('reads rows with ports, IPv6 in brackets, quoted fields and host-name-only rows', () => {
    const f = fixture('resolvers.valid.csv');
    const r = importResolverList(f.name, f.text);
    expect(r.format).toBe('csv');
    expect(r.diagnostics.map((d) => `${d.source.line} ${d.code}`)).toEqual(['7 hostname-address']);
    const rs = r.value.resolvers;
    expect(rs.map((x) => x.name)).toEqual([
      'Quad9',
      'Quad9, Foundation',
      'example.net',
      'Example ISP',
      'Hostname Only',
      'Example DNSCrypt',
    ]);
    expect(rs[0]!.addresses).toEqual([{ protocol: 'dot', transport: 'tcp', address: '9.9.9.9', port: 853 }]);
    expect(rs[1]!.addresses).toEqual([
      { protocol: 'dot', transport: 'tcp', address: '2620:fe::fe', port: 853 },
    ]);
    expect(rs[2]!.addresses).toEqual([
      { protocol: 'doh', transport: 'tcp', address: '203.0.113.10', port: 8443 },
      {
        protocol: 'doh',
        transport: 'udp',
        address: '203.0.113.10',
        port: 8443,
        assumed: true,
        assumption: 'doh3',
      },
    ]);
    expect(rs[3]!.addresses.map((e) => `${e.transport}/${e.port}`)).toEqual(['udp/53', 'tcp/53']);
    expect(rs[4]).toMatchObject({ hostname: 'doh.hostname-only.example', addresses: [], hostnameOnly: true });
    expect(rs[5]!.addresses.map((e) => `${e.transport}/${e.port}`)).toEqual(['udp/443', 'tcp/443']);
    expect(rs[2]!.source).toEqual({ file: f.name, line: 5, endLine: 5, text: f.lines[4] });
    const idx = resolverIndex(r.value);
    expect(idx.lookup('2620:fe:0::fe').map((x) => x.name)).toEqual(['Quad9, Foundation']);
  });

  it('reads rows without a header in the documented column order', () => {
    const r = importResolverList(
      'plain.csv',
      '1.1.1.1,one.one.one.one,dot,Cloudflare\n8.8.8.8,dns.google,doh\n',
    );
    expect(r.diagnostics).toEqual([]);
    expect(
      r.value.resolvers.map((x) => `${x.provider} ${x.protocols.join()} ${x.addresses[0]!.address}`),
    ).toEqual(['Cloudflare dot 1.1.1.1', 'dns.google doh 8.8.8.8']);
  });

  it('reads columns by header name in any order', () => {
    const r = importResolverList(
      'reordered.csv',
      'protocol,provider,address,hostname,comment\ndot,Quad9,9.9.9.9,dns.quad9.net,x\n',
    );
    expect(r.value.resolvers[0]).toMatchObject({
      provider: 'Quad9',
      hostname: 'dns.quad9.net',
      protocols: ['dot'],
    });
    expect(r.diagnostics.map((d) => `${d.source.line} ${d.code} ${d.message}`)).toEqual([
      '1 unsupported-construct columns ignored: comment',
    ]);
  });

  it('skips bad rows with a diagnostic naming the line, and keeps the good ones', () => {
    const f = fixture('resolvers--invalid.csv');
    const r = importResolverList(f.name, f.text);
    expect(r.value.resolvers.map((x) => x.hostname)).toEqual(['dns.quad9.net', 'ok.example']);
    expect(r.diagnostics.map((d) => `${d.source.line} ${d.code} ${d.message}`)).toEqual([
      "3 invalid-value address '999.9.9.9' is not an IP address; row skipped",
      "4 invalid-value unknown protocol 'gopher' (expected one of dns, plain, do53, dnscrypt, doh, https, dot, tls, doq, quic, odoh-target, odoh, odoh-relay, dnscrypt-relay); row skipped",
      '5 invalid-value a row with neither an address nor a host name; skipped',
      "6 invalid-value address '192.0.2.2:99999': port 99999 is out of range; row skipped",
      '7 invalid-value a quoted field is not closed; row skipped',
      "8 invalid-value 'bad host name' is not a host name; row skipped",
    ]);
    expectCitations(r.diagnostics, f.lines);
  });

  it('splits CSV lines with RFC 4180 quoting', () => {
    expect(splitCsvLine('a,"b,c","d ""e""",,f')).toEqual(['a', 'b,c', 'd "e"', '', 'f']);
    expect(splitCsvLine('"open')).toBeNull();
    expect(splitCsvLine('')).toEqual(['']);
  });
});

describe('importResolverList: bad files', () => {
  it('reports empty, binary and unusable input', () => {
    expect(importResolverList('e.csv', '').diagnostics.map((d) => d.code)).toEqual(['empty-input']);
    expect(importResolverList('b.bin', 'ab\u0000cd').diagnostics.map((d) => d.code)).toEqual([
      'binary-input',
    ]);
    const junk = importResolverList('junk.csv', 'address,hostname,protocol,provider\n');
    expect(junk.value.resolvers).toEqual([]);
    expect(junk.diagnostics.map((d) => `${d.code} ${d.severity}`)).toEqual(['empty-input warning']);
    expect(junk.diagnostics[0]!.source).toMatchObject({
      line: 1,
      text: 'address,hostname,protocol,provider',
    });
    const crlf = importResolverList('crlf.csv', '\r\n');
    expect(crlf.diagnostics[0]!.source.text).toBe('');
  });

  it('never throws, whatever the text', () => {
    const sample = fixture('public-resolvers-sample.md').text;
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.nat(sample.length), (garbage, cut) => {
        importResolverList('fuzz.csv', garbage);
        importResolverList('fuzz.md', sample.slice(0, cut) + garbage);
        importResolverList('fuzz.json', bundledText.slice(0, cut) + garbage);
      }),
      { numRuns: 300 },
    );
  });
});
