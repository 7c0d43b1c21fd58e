import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../../models/diagnostics';
import {
  parseInventoryCsv,
  parseIpAddr,
  parseIpRoute,
  parseNmapXml,
  parseSiteFile,
  detectHostNetworking,
} from '../../../../models/topology/inputs';
import { splitLines, stripBom } from '../../../../models/topology/inputs/text';
import { fixture } from './helpers';

type Parser = (file: string, text: string) => { diagnostics: readonly Diagnostic[] };

const PARSERS: readonly [string, Parser, readonly string[], readonly string[]][] = [
  [
    'parseInventoryCsv',
    parseInventoryCsv,
    ['inventory/water-plant.csv', 'inventory/excel-semicolon.csv', 'inventory/bad-rows--warnings.csv'],
    ['"', ',', ';', '\t', '\r', 'sep=;', '#', 'L3', 'tcp/502', '10.0.0.1', '::1', '=cmd', '<b>', '__proto__'],
  ],
  [
    'parseNmapXml',
    parseNmapXml,
    ['nmap/ot-scan.xml', 'nmap/truncated--invalid.xml'],
    [
      '<',
      '>',
      '</host>',
      '<host>',
      '<port protocol="tcp" portid="x">',
      '&',
      '&amp;',
      '<![CDATA[',
      '"',
      '<!--',
      '<?xml?>',
      '<!DOCTYPE a [<!ENTITY e "x">]>',
    ],
  ],
  [
    'parseIpAddr',
    parseIpAddr,
    ['ip/fw1.ip-addr.txt', 'ip/fw1.ip-addr.pretty.json', 'ip/fw1.ip-addr.json'],
    [
      'inet',
      'inet6',
      'peer',
      '/',
      '999',
      '1:',
      'lo:',
      '<UP>',
      '{',
      '}',
      '[',
      ']',
      '"local":',
      '"prefixlen": 99',
      'fe80::1',
    ],
  ],
  [
    'parseIpRoute',
    parseIpRoute,
    [
      'ip/fw1.ip-route.txt',
      'ip/fw1.ip-route-table-all.txt',
      'ip/fw1.ip-route.pretty.json',
      'ip/fw1.ip-6-route.json',
    ],
    [
      'default',
      'via',
      'dev',
      'nexthop',
      'table',
      'local',
      'blackhole',
      'inet6',
      '/33',
      '{',
      '}',
      '"dst":',
      '"nexthops": [',
      'pref',
    ],
  ],
  [
    'parseSiteFile',
    parseSiteFile,
    ['site/water-plant.yaml', 'site/water-plant.json', 'site/mistakes--invalid.yaml'],
    [
      ':',
      '- ',
      '[',
      ']',
      '{',
      '}',
      '&a',
      '*a',
      '!!binary',
      '"',
      "'",
      '\t',
      '---',
      '? ',
      '<<: *a',
      'level: 3.5',
      'services: [x]',
    ],
  ],
];

function checkResult(file: string, text: string, result: { diagnostics: readonly Diagnostic[] }): void {
  const lines = splitLines(stripBom(text));
  for (const d of result.diagnostics) {
    expect(d.source.file).toBe(file);
    expect(d.stage).toBe('topology');
    expect(d.source.text).toBe(lines[d.source.line - 1] ?? '');
  }
}

const mutate = (base: string, words: readonly string[]) =>
  fc
    .array(
      fc.oneof(
        fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
        fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
        fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
        fc.record({
          kind: fc.constant('insert' as const),
          at: fc.nat(),
          text: fc.oneof(fc.constantFrom(...words), fc.string({ maxLength: 12 })),
        }),
        fc.record({ kind: fc.constant('crlf' as const), at: fc.nat() }),
      ),
      { maxLength: 6 },
    )
    .map((ops) => {
      let text = base;
      for (const op of ops) {
        const lines = text.split('\n');
        const i = lines.length === 0 ? 0 : op.at % lines.length;
        if (op.kind === 'cut') text = text.slice(0, op.at % (text.length + 1));
        else if (op.kind === 'delete') text = [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n');
        else if (op.kind === 'duplicate') text = [...lines.slice(0, i + 1), ...lines.slice(i)].join('\n');
        else if (op.kind === 'crlf') text = text.replace(/\n/g, '\r\n');
        else {
          const pos = op.at % (text.length + 1);
          text = text.slice(0, pos) + op.text + text.slice(pos);
        }
      }
      return text;
    });

describe.each(PARSERS)('%s never throws', (_name, parse, fixtures, words) => {
  it('on mutated fixtures, quoting every cited line exactly', () => {
    const bases = fixtures.map(fixture);
    fc.assert(
      fc.property(
        fc.constantFrom(...bases).chain((b) => mutate(b, words)),
        (text) => {
          checkResult('f', text, parse('f', text));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.array(fc.constantFrom(...words, '\n', ' ')).map((w) => w.join('')),
        ),
        (text) => {
          checkResult('f', text, parse('f', text));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('on huge and deeply nested inputs, in bounded time', () => {
    const inputs = [
      'x'.repeat(2_000_000),
      `${'a,'.repeat(200_000)}\n`,
      '\n'.repeat(100_000),
      '['.repeat(100_000),
      '{"a":'.repeat(50_000),
      '<a>'.repeat(100_000),
      '- '.repeat(50_000) + 'x',
      `${'  '.repeat(20_000)}x: 1\n`,
      '"'.repeat(100_000),
    ];
    for (const text of inputs) {
      const started = Date.now();
      checkResult('f', text, parse('f', text));
      expect(Date.now() - started).toBeLessThan(10_000);
    }
  });
});

it('detectHostNetworking never throws', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (text) => {
      const kind = detectHostNetworking(text);
      expect([null, 'ip-addr', 'ip-route']).toContain(kind);
    }),
    { numRuns: 300 },
  );
});

describe('many entries of one kind stay linear', () => {
  const timed = (parse: Parser, text: string) => {
    const started = Date.now();
    const r = parse('f', text);
    expect(Date.now() - started).toBeLessThan(10_000);
    return r;
  };

  it('a row with 100,000 services', () => {
    const services = Array.from({ length: 100_000 }, (_, i) => `tcp/${(i % 65535) + 1}`).join(' ');
    const r = timed(parseInventoryCsv, `ip,services\n10.0.0.1,${services}\n`) as ReturnType<
      typeof parseInventoryCsv
    >;
    expect(r.assets[0]!.services).toHaveLength(65535);
  });

  it('an interface with 50,000 addresses', () => {
    const lines = ['2: eth0: <UP> mtu 1500 qdisc noqueue state UP'];
    for (let i = 0; i < 50_000; i++) lines.push(`    inet 10.${i >> 8}.${i & 255}.1/24 scope global eth0`);
    const r = timed(parseIpAddr, lines.join('\n')) as ReturnType<typeof parseIpAddr>;
    expect(r.interfaces[0]!.addresses).toHaveLength(50_000);
  });

  it('a site file with 20,000 zones', () => {
    const text = `zones:\n${Array.from({ length: 20_000 }, (_, i) => `  - name: z${i % 15_000}\n`).join('')}`;
    const r = timed(parseSiteFile, text) as ReturnType<typeof parseSiteFile>;
    expect(r.site!.zones).toHaveLength(15_000);
    expect(r.diagnostics).toHaveLength(5_000);
  });
});
