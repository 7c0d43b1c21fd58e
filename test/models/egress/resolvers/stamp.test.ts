import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DnsStamp,
  decodeBase64Url,
  decodeStamp,
  decodeUtf8,
  encodeBase64Url,
} from '../../../../models/egress/resolvers';
import { formatAddress } from '../../../../models/net';
import { hexBytes, lp, props, stamp, vlp } from './stamp-encode';

const ok = (text: string): DnsStamp => {
  const r = decodeStamp(text);
  if (!r.ok) throw new Error(`expected ${text} to decode: ${r.error}`);
  return r.value;
};
const err = (text: string): string => {
  const r = decodeStamp(text);
  if (r.ok) throw new Error(`expected ${text} to fail`);
  return r.error;
};
const ip = (s: DnsStamp): string | null => (s.address === null ? null : formatAddress(s.address));

describe('base64url', () => {
  it('decodes the spec example VLP("10.0.0.1", "10.0.0.2")', () => {
    const r = decodeBase64Url('iDEwLjAuMC4xCDEwLjAuMC4y');
    expect(r.ok && Array.from(r.value)).toEqual([
      0x88, 0x31, 0x30, 0x2e, 0x30, 0x2e, 0x30, 0x2e, 0x31, 0x08, 0x31, 0x30, 0x2e, 0x30, 0x2e, 0x30, 0x2e,
      0x32,
    ]);
  });

  it('round-trips any bytes, with or without padding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = encodeBase64Url(bytes);
        expect(text).not.toMatch(/[+/=]/);
        const back = decodeBase64Url(text);
        expect(back.ok && Array.from(back.value)).toEqual(Array.from(bytes));
        const padded = decodeBase64Url(text + '='.repeat((4 - (text.length % 4)) % 4));
        expect(padded.ok && Array.from(padded.value)).toEqual(Array.from(bytes));
      }),
    );
  });

  it('rejects the standard alphabet and a lone trailing character', () => {
    expect(decodeBase64Url('ab+c')).toEqual({
      ok: false,
      error: "character '+' at position 3 is not base64url",
    });
    expect(decodeBase64Url('abcde').ok).toBe(false);
  });

  it('decodes UTF-8 and replaces invalid sequences', () => {
    expect(decodeUtf8(new TextEncoder().encode('dns.exämple.org ✓ 𝄞'))).toBe('dns.exämple.org ✓ 𝄞');
    expect(decodeUtf8(Uint8Array.from([0x61, 0xc3, 0x62, 0xff, 0xe2, 0x82]))).toBe(
      'a\ufffdb\ufffd\ufffd\ufffd',
    );
  });
});

describe('decodeStamp: examples of the specification and its reference tools', () => {
  it('plain DNS: sdns://AAEAAAAAAAAACTEyNy4wLjAuMQ', () => {
    const s = ok('sdns://AAEAAAAAAAAACTEyNy4wLjAuMQ');
    expect(s).toMatchObject({ protocol: 'dns', port: 53, explicitPort: false, hostname: null, path: null });
    expect(s.props).toEqual({ dnssec: true, nolog: false, nofilter: false });
    expect(ip(s)).toBe('127.0.0.1');
  });

  it('DNSCrypt: address, public key, provider name', () => {
    const s = ok(
      'sdns://AQEAAAAAAAAACTEyNy4wLjAuMSDLatxcKflVEAtlvxKU_laEV5qzSZzJeY8A0Bu1wamixxsyLmRuc2NyeXB0LWNlcnQuZXhhbXBsZS5jb20',
    );
    expect(s).toMatchObject({
      protocol: 'dnscrypt',
      port: 443,
      publicKey: 'cb6adc5c29f955100b65bf1294fe5684579ab3499cc9798f00d01bb5c1a9a2c7',
      providerName: '2.dnscrypt-cert.example.com',
      hostname: null,
    });
    expect(ip(s)).toBe('127.0.0.1');
  });
});

describe('decodeStamp: stamps of the dnscrypt-resolvers list (checked against an independent decoder)', () => {
  it('a-and-a: DoH by IPv4, no hash, props 7', () => {
    const s = ok('sdns://AgcAAAAAAAAADTIxNy4xNjkuMjAuMjIADWRucy5hYS5uZXQudWsKL2Rucy1xdWVyeQ');
    expect(s).toMatchObject({
      protocol: 'doh',
      port: 443,
      hostname: 'dns.aa.net.uk',
      path: '/dns-query',
      hashes: [],
    });
    expect(s.props).toEqual({ dnssec: true, nolog: true, nofilter: true });
    expect(ip(s)).toBe('217.169.20.22');
  });

  it('a-and-a-ipv6: the address in brackets', () => {
    const s = ok('sdns://AgcAAAAAAAAAEFsyMDAxOjhiMDo6MjAyMl0ADWRucy5hYS5uZXQudWsKL2Rucy1xdWVyeQ');
    expect(ip(s)).toBe('2001:8b0::2022');
    expect(s.port).toBe(443);
  });

  it('quad9: a certificate hash and a port on the host name', () => {
    const s = ok(
      'sdns://AgMAAAAAAAAABzkuOS45LjkgsBkgdEu7dsmrBT4B4Ht-BQ5HPSD3n3vqQ1-v5DydJC8SZG5zOS5xdWFkOS5uZXQ6NDQzCi9kbnMtcXVlcnk',
    );
    expect(s).toMatchObject({
      hostname: 'dns9.quad9.net',
      port: 443,
      explicitPort: true,
      path: '/dns-query',
    });
    expect(s.hashes).toEqual(['b01920744bbb76c9ab053e01e07b7e050e473d20f79f7bea435fafe43c9d242f']);
    expect(s.props).toEqual({ dnssec: true, nolog: true, nofilter: false });
    expect(ip(s)).toBe('9.9.9.9');
  });

  it('google: DoH with the IP as host name', () => {
    const s = ok(
      'sdns://AgUAAAAAAAAABzguOC44LjggalBisNF41VbxY7E7Gw8ZQ10CWIKRzHVYnf7m6xHI1cMHOC44LjguOAovZG5zLXF1ZXJ5',
    );
    expect(s).toMatchObject({ hostname: '8.8.8.8', path: '/dns-query' });
    expect(s.hashes).toEqual(['6a5062b0d178d556f163b13b1b0f19435d02588291cc75589dfee6eb11c8d5c3']);
    expect(s.props).toEqual({ dnssec: true, nolog: false, nofilter: true });
  });

  it('adguard-dns: DNSCrypt on a non-default port', () => {
    const s = ok(
      'sdns://AQMAAAAAAAAAETk0LjE0MC4xNC4xNDo1NDQzINErR_JS3PLCu_iZEIbq95zkSV2LFsigxDIuUso_OQhzIjIuZG5zY3J5cHQuZGVmYXVsdC5uczEuYWRndWFyZC5jb20',
    );
    expect(s).toMatchObject({ protocol: 'dnscrypt', port: 5443, explicitPort: true });
    expect(s.providerName).toBe('2.dnscrypt.default.ns1.adguard.com');
    expect(s.publicKey).toBe('d12b47f252dcf2c2bbf8991086eaf79ce4495d8b16c8a0c4322e52ca3f390873');
    expect(ip(s)).toBe('94.140.14.14');
  });

  it('dnshome-de: DoH with no address, only a host name', () => {
    const s = ok(
      'sdns://AgcAAAAAAAAAACAy7bsRzCWPvjPCzSShSScPC-b0RvVyZLO9HCW5hTMnLg5kbnMuZG5zaG9tZS5kZQovZG5zLXF1ZXJ5',
    );
    expect(s.address).toBeNull();
    expect(s).toMatchObject({ hostname: 'dns.dnshome.de', port: 443, explicitPort: false });
  });
});

describe('decodeStamp: every protocol of the specification', () => {
  const hash = hexBytes('b01920744bbb76c9ab053e01e07b7e050e473d20f79f7bea435fafe43c9d242f');

  it('DoT (0x03) with bootstrap addresses', () => {
    const s = ok(
      stamp([
        0x03,
        ...props(1),
        ...lp('[2620:fe::fe]:8853'),
        ...vlp([hash]),
        ...lp('dns.quad9.net'),
        ...vlp(['9.9.9.9', '[2620:fe::9]']),
      ]),
    );
    expect(s).toMatchObject({ protocol: 'dot', port: 8853, hostname: 'dns.quad9.net', path: null });
    expect(ip(s)).toBe('2620:fe::fe');
    expect(s.bootstrap).toEqual(['9.9.9.9', '2620:fe::9']);
  });

  it('DoT without a port uses 853, DoQ (0x04) too', () => {
    expect(ok(stamp([0x03, ...props(0), ...lp('1.1.1.1'), ...vlp([]), ...lp('one.one.one.one')])).port).toBe(
      853,
    );
    const q = ok(stamp([0x04, ...props(2), ...lp('94.140.14.14'), ...vlp([]), ...lp('dns.adguard-dns.com')]));
    expect(q).toMatchObject({ protocol: 'doq', port: 853, hostname: 'dns.adguard-dns.com' });
    expect(q.props.nolog).toBe(true);
  });

  it('DoH with several hashes, a port-only address and bootstrap', () => {
    const s = ok(
      stamp([
        0x02,
        ...props(0),
        ...lp(':8443'),
        ...vlp([hash, hash.slice().reverse()]),
        ...lp('doh.example'),
        ...lp('/q'),
        ...vlp(['1.1.1.1']),
      ]),
    );
    expect(s.address).toBeNull();
    expect(s).toMatchObject({ port: 8443, explicitPort: true, path: '/q', bootstrap: ['1.1.1.1'] });
    expect(s.hashes).toHaveLength(2);
  });

  it('an address port wins over a host name port', () => {
    const s = ok(
      stamp([
        0x02,
        ...props(0),
        ...lp('192.0.2.1:4443'),
        ...vlp([]),
        ...lp('doh.example:443'),
        ...lp('/dns-query'),
      ]),
    );
    expect(s.port).toBe(4443);
  });

  it('ODoH target (0x05): host name and path, no address', () => {
    const s = ok(stamp([0x05, ...props(3), ...lp('odoh.cloudflare-dns.com'), ...lp('/dns-query')]));
    expect(s).toMatchObject({
      protocol: 'odoh-target',
      address: null,
      port: 443,
      hostname: 'odoh.cloudflare-dns.com',
    });
  });

  it('DNSCrypt relay (0x81): only an address, no properties', () => {
    const s = ok(stamp([0x81, ...lp('[2001:db8::53]:443')]));
    expect(s).toMatchObject({ protocol: 'dnscrypt-relay', port: 443 });
    expect(s.props).toEqual({ dnssec: false, nolog: false, nofilter: false });
    expect(ip(s)).toBe('2001:db8::53');
  });

  it('ODoH relay (0x85): like DoH', () => {
    const s = ok(
      stamp([0x85, ...props(0), ...lp('203.0.113.7'), ...vlp([]), ...lp('relay.example'), ...lp('/proxy')]),
    );
    expect(s).toMatchObject({ protocol: 'odoh-relay', port: 443, hostname: 'relay.example', path: '/proxy' });
  });

  it('accepts sdns: without slashes and surrounding blanks', () => {
    expect(ok('  sdns:AAEAAAAAAAAACTEyNy4wLjAuMQ ').protocol).toBe('dns');
  });
});

describe('decodeStamp: malformed stamps are errors, never exceptions', () => {
  const good = [0x02, ...props(0), ...lp('192.0.2.1'), ...vlp([]), ...lp('doh.example'), ...lp('/dns-query')];

  it.each([
    ['https://dns.google/dns-query', "a DNS stamp starts with 'sdns://'"],
    ['sdns://', 'the stamp is empty'],
    ['sdns://AAE*AAAA', "the stamp is not base64url: character '*' at position 4 is not base64url"],
    [stamp([0x07, ...props(0)]), 'unknown stamp protocol 0x07'],
    [stamp([0x00, ...props(0), ...lp('192.0.2.1'), 0x00]), '1 unexpected bytes after the end of the stamp'],
    [
      stamp([...good, 0x01]),
      'the stamp ends early: the bootstrap addresses needs 1 bytes at byte 45, 0 left',
    ],
    [stamp([0x00, ...props(0), ...lp('999.1.1.1')]), "address '999.1.1.1' is not an IP address"],
    [stamp([0x00, ...props(0), ...lp('192.0.2.1:0')]), "address '192.0.2.1:0': port 0 is out of range"],
    [
      stamp([0x00, ...props(0), ...lp('192.0.2.1:70000')]),
      "address '192.0.2.1:70000': port 70000 is out of range",
    ],
    [stamp([0x00, ...props(0), ...lp('[2001:db8::1')]), "address '[2001:db8::1' has no closing ']'"],
    [stamp([0x00, ...props(0), ...lp('')]), 'a dns stamp needs an IP address'],
    [
      stamp([0x01, ...props(0), ...lp('192.0.2.1'), ...lp(new Uint8Array(31)), ...lp('2.dnscrypt-cert.x')]),
      'the DNSCrypt public key is 31 bytes, not 32',
    ],
    [
      stamp([0x02, ...props(0), ...lp('192.0.2.1'), ...vlp([]), ...lp(''), ...lp('/')]),
      'the host name is empty',
    ],
    [
      stamp([0x02, ...props(0), ...lp('192.0.2.1'), ...vlp([]), ...lp('doh example'), ...lp('/')]),
      "the host name 'doh example' is not a host name",
    ],
    [
      stamp([0x02, ...props(0), ...lp('192.0.2.1'), ...vlp([]), ...lp('doh.example'), ...lp('dns-query')]),
      "the path 'dns-query' is not absolute",
    ],
    [
      stamp([
        0x02,
        ...props(0),
        ...lp('192.0.2.1'),
        ...vlp([]),
        ...lp('doh.example'),
        ...lp('/'),
        ...vlp(['resolver']),
      ]),
      "bootstrap address 'resolver' is not an IP address",
    ],
    [stamp([0x02, 1, 0, 0]), 'the stamp ends early: the properties needs 8 bytes at byte 2, 3 left'],
  ])('%s -> %s', (text, message) => {
    expect(err(text)).toBe(message);
  });

  it('every truncation of a valid stamp is an error', () => {
    for (let n = 0; n < good.length; n++) {
      expect(decodeStamp(stamp(good.slice(0, n))).ok, `first ${n} bytes`).toBe(false);
    }
    expect(decodeStamp(stamp(good)).ok).toBe(true);
  });

  it('never throws on arbitrary bytes or text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        decodeStamp(stamp(Array.from(bytes)));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        decodeStamp(`sdns://${text}`);
      }),
    );
  });

  it('refuses very long stamps without decoding them', () => {
    expect(err(`sdns://${'A'.repeat(10_000)}`)).toBe('the stamp is longer than 4096 characters');
  });
});
