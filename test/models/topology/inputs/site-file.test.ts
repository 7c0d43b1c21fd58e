import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SITE_FILE_KEYS, parseConduitService, parseSiteFile } from '../../../../models/topology/inputs';
import { expectQuotedExactly, fixture, summary } from './helpers';

const parse = (file: string, text: string) => {
  const r = parseSiteFile(file, text);
  expectQuotedExactly(file, text, r.diagnostics);
  return r;
};

describe('parseSiteFile: the water treatment plant example', () => {
  const yaml = parse('water-plant.yaml', fixture('site/water-plant.yaml'));
  const json = parse('water-plant.json', fixture('site/water-plant.json'));

  it('reads the YAML and the JSON form without a diagnostic, to the same site', () => {
    expect(yaml.diagnostics).toEqual([]);
    expect(json.diagnostics).toEqual([]);
    const strip = (v: unknown) =>
      JSON.parse(JSON.stringify(v, (k, x: unknown) => (k === 'source' || k === 'file' ? undefined : x)));
    expect(strip(json.site)).toEqual(strip(yaml.site));
  });

  it('reads zones with levels, kinds, segments, interfaces and device zones, citing their lines', () => {
    const site = yaml.site!;
    expect(site.name).toBe('Riverside Water Treatment Plant');
    expect(site.zones.map((z) => [z.name, z.level, z.kind, z.source.line])).toEqual([
      ['corp', 4, 'it', 6],
      ['idmz', 3.5, 'dmz', 12],
      ['operations', 3, 'ot', 21],
      ['control', 2, 'ot', 27],
      ['process', 1, 'ot', 32],
      ['field', 0, 'ot', 38],
    ]);
    expect(site.zones[1]).toMatchObject({
      segments: ['172.16.10.0/24', 'fd00:16:10::/64'],
      interfaces: ['ot-fw:eth-dmz'],
      deviceZones: ['edge-fw:dmz'],
    });
    expect(site.zones[0]!.deviceZones).toEqual(['edge-fw:trust', '*:corp']);
    expect(site.internet).toBeUndefined();
    expect(site.resolvers.map((r) => [r.value, r.source.line])).toEqual([
      ['10.20.1.10', 43],
      ['10.20.1.11', 43],
    ]);
  });

  it('reads conduits with their services and direction', () => {
    const c = yaml.site!.conduits;
    expect(
      c.map((x) => `${x.from}->${x.to} ${x.services.join(',')}${x.bidirectional ? ' both' : ''}`),
    ).toEqual([
      'corp->idmz https,tcp/5450',
      'idmz->operations tcp/5450',
      'operations->control tcp/102,tcp/5900-5903,icmp both',
      'control->process modbus,s7,ethernet-ip',
      'operations->process s7,tcp/502',
      'corp->internet https,domain',
    ]);
    expect(c[0]!.source.line).toBe(46);
    for (const x of c) for (const s of x.services) expect(parseConduitService(s)).not.toBeNull();
  });

  it('reads the attacker model', () => {
    const site = yaml.site!;
    expect(site.footholds.map((s) => s.value)).toEqual(['corp', 'internet']);
    expect(site.targets.map((s) => s.value)).toEqual(['process', '192.168.30.40', 'sis01']);
    expect(site.jumpHosts.map((s) => s.value)).toEqual(['172.16.10.20']);
    expect(site.pivots!.map((p) => [p.service, p.roles, p.source.line])).toEqual([
      ['rdp', ['ews', 'hmi', 'jump-host'], 74],
      ['ssh', undefined, 76],
      ['tcp/5985-5986', ['ews'], 77],
    ]);
  });

  it('defaults the optional lists', () => {
    const r = parse('min.yaml', 'zones:\n  - name: a\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.site).toEqual({
      file: 'min.yaml',
      zones: [
        {
          name: 'a',
          segments: [],
          interfaces: [],
          deviceZones: [],
          source: expect.objectContaining({ line: 2 }),
        },
      ],
      resolvers: [],
      conduits: [],
      footholds: [],
      targets: [],
      jumpHosts: [],
    });
  });
});

describe('parseSiteFile: every mistake on its line', () => {
  const text = fixture('site/mistakes--invalid.yaml');
  const r = parse('mistakes.yaml', text);
  const messages = r.diagnostics.map((d) => `${d.source.line} ${d.severity} ${d.code}: ${d.message}`);

  it('reports each mistake once, on its line', () => {
    expect(summary(r.diagnostics)).toEqual([
      '2 warning unrecognized-line',
      '5 error invalid-value',
      '6 error invalid-value',
      '7 error invalid-value',
      '7 error invalid-value',
      '8 error invalid-value',
      '9 warning unrecognized-line',
      '12 error invalid-value',
      '13 error invalid-value',
      '14 error duplicate-definition',
      '15 error invalid-value',
      '16 error invalid-value',
      '17 error invalid-value',
      '18 error invalid-value',
      '22 error invalid-value',
      '22 error invalid-value',
      '22 error invalid-value',
      '23 error invalid-value',
      '25 warning undefined-reference',
      '26 error invalid-value',
      '27 error invalid-value',
      '29 error invalid-value',
      '31 error invalid-value',
      '32 error invalid-value',
      '34 error invalid-value',
    ]);
  });

  it('says what is wrong in words', () => {
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining("2 warning unrecognized-line: unknown key 'zonez' in the site file"),
        expect.stringContaining(
          "5 error invalid-value: zone 'corp': the string 'L4' is not a Purdue level (0, 1, 2, 3, 3.5, 4, 5 or internet); write 4",
        ),
        expect.stringContaining(
          "6 error invalid-value: zone 'corp': kind must be one of it, ot, dmz, internet",
        ),
        expect.stringContaining("'10.300.0.0/16' is not a CIDR"),
        expect.stringContaining("'10.21.0.0' is not a CIDR"),
        expect.stringContaining("'fw1-eth0' is not device:interface"),
        expect.stringContaining(
          "12 error invalid-value: zone 'ops' segments must be a list, not the string '192.168.10.0/24'",
        ),
        expect.stringContaining('13 error invalid-value: a zone without a name was ignored'),
        expect.stringContaining("14 error duplicate-definition: zone 'corp' is already declared at line 4"),
        expect.stringContaining("22 error invalid-value: conduit services: 'tcp/99999' is not a service"),
        expect.stringContaining("'frobnicate' is not a service"),
        expect.stringContaining("'udp/10-5' is not a service"),
        expect.stringContaining(
          "23 error invalid-value: conduit bidirectional must be true or false, not the string 'yes'",
        ),
        expect.stringContaining("25 warning undefined-reference: conduit 'to' names zone 'nowhere'"),
        expect.stringContaining('26 error invalid-value: the conduit corp -> nowhere lists no services'),
        expect.stringContaining("18 error invalid-value: resolvers: 'dns.corp.local' is not an IP address"),
        expect.stringContaining("29 error invalid-value: footholds: '10.0.0.0/33' is not a CIDR"),
        expect.stringContaining("31 error invalid-value: pivot service 'carrier-pigeon' is not a service"),
        expect.stringContaining('32 error invalid-value: a pivot without a service was ignored'),
        expect.stringContaining("34 error invalid-value: pivot roles must be a list, not the string 'ews'"),
      ]),
    );
  });

  it('keeps everything that is right', () => {
    const site = r.site!;
    expect(site.zones.map((z) => [z.name, z.level, z.segments])).toEqual([
      ['ops', 3, []],
      ['corp', undefined, []],
    ]);
    expect(site.resolvers.map((x) => x.value)).toEqual(['10.20.1.10']);
    expect(site.conduits.map((c) => [c.from, c.to, c.services, c.bidirectional])).toEqual([
      ['corp', 'ops', ['tcp/443'], false],
      ['corp', 'nowhere', [], false],
    ]);
    expect(site.footholds.map((x) => x.value)).toEqual(['corp']);
    expect(site.pivots!.map((p) => [p.service, p.roles])).toEqual([['rdp', []]]);
  });
});

describe('parseSiteFile: files that are not a site', () => {
  it('reports YAML syntax errors with their line', () => {
    const bad = parse('bad.yaml', 'name: x\nzones:\n  - name: a\n   level: 2\n');
    expect(summary(bad.diagnostics)[0]).toBe('4 error malformed-input');
    expect(summary(parse('q.yaml', 'zones: []\nname: "x\n').diagnostics)).toEqual([
      '2 error malformed-input',
    ]);
    // An unclosed flow collection is reported at the end of the file: its last line.
    const open = parse('o.yaml', 'name: x\nzones: [\n  {name: a\n');
    expect(open.diagnostics.length).toBeGreaterThan(0);
    expect(open.diagnostics.every((d) => d.code === 'malformed-input' && d.source.line >= 2)).toBe(true);
  });

  it('reports JSON syntax errors with their line', () => {
    const r = parse('bad.json', '{\n  "name": "x",\n  "zones": [}\n}\n');
    expect(summary(r.diagnostics)[0]).toBe('3 error malformed-input');
  });

  it('reports a duplicate key with its line', () => {
    const r = parse('dup.yaml', 'name: a\nzones: []\nname: b\n');
    expect(summary(r.diagnostics)).toEqual(['3 error malformed-input']);
  });

  it('returns null for something other than a mapping', () => {
    for (const [text, line] of [
      ['- a\n- b\n', 1],
      ['\n\njust text\n', 3],
      ['42', 1],
    ] as const) {
      const r = parse('x.yaml', text);
      expect(r.site).toBeNull();
      expect(summary(r.diagnostics)).toEqual([`${line} error invalid-value`]);
    }
  });

  it('warns on an empty file', () => {
    for (const text of ['', '# only a comment\n', '---\n']) {
      const r = parse('e.yaml', text);
      expect(r.site).toBeNull();
      expect(summary(r.diagnostics)).toEqual(['1 warning empty-input']);
    }
  });

  it('reads aliases to scalars but does not expand aliases to collections', () => {
    const r = parse(
      'a.yaml',
      'zones:\n  - name: &n ops\n    segments: &s [10.0.0.0/8]\n  - name: other\n    segments: *s\nfootholds: [*n]\n',
    );
    expect(r.site!.footholds.map((f) => f.value)).toEqual(['ops']);
    expect(summary(r.diagnostics)).toEqual(['5 warning unsupported-construct']);
    expect(r.site!.zones[1]!.segments).toEqual([]);
  });

  it('refuses flow collections nested absurdly deep, citing the line', () => {
    const r = parse('deep.yaml', `name: x\nzones:\n  - name: a\n    segments: ${'['.repeat(100)}\n`);
    expect(r.site).toBeNull();
    expect(summary(r.diagnostics)).toEqual(['4 error malformed-input']);
  });

  it('lists twenty syntax errors and counts the rest', () => {
    const r = parse('q.yaml', '"\n'.repeat(60));
    const syntax = r.diagnostics.filter((d) => d.code === 'malformed-input');
    expect(syntax).toHaveLength(21);
    expect(syntax[20]!.message).toMatch(/^\d+ more syntax errors from here on were not listed$/);
  });

  it('refuses binary input', () => {
    expect(summary(parse('b.yaml', '\u0000\u0001').diagnostics)).toEqual(['1 error binary-input']);
  });

  it('reads a BOM and CRLF line ends', () => {
    const r = parse('w.yaml', '\uFEFFname: x\r\nzones:\r\n  - name: a\r\n    level: 9\r\n');
    expect(summary(r.diagnostics)).toEqual(['4 error invalid-value']);
    expect(r.diagnostics[0]!.source.text).toBe('    level: 9');
  });
});

/**
 * A tiny JSON Schema checker (the subset site-file.schema.json uses): type, enum, properties,
 * required, additionalProperties: false, items, minItems, minLength, pattern, $ref to $defs.
 */
type Schema = Record<string, unknown>;
function schemaErrors(schema: Schema, value: unknown, root: Schema = schema, path = '$'): string[] {
  if (typeof schema['$ref'] === 'string') {
    const name = (schema['$ref'] as string).replace('#/$defs/', '');
    return schemaErrors((root['$defs'] as Record<string, Schema>)[name]!, value, root, path);
  }
  const errors: string[] = [];
  const type = schema['type'];
  const typeOf = (v: unknown) =>
    Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'object' ? 'object' : typeof v;
  if (type !== undefined && typeOf(value) !== type) return [`${path}: not ${String(type)}`];
  if (Array.isArray(schema['enum']) && !(schema['enum'] as unknown[]).includes(value))
    errors.push(`${path}: not in enum`);
  if (typeof value === 'string') {
    if (typeof schema['minLength'] === 'number' && value.length < schema['minLength'])
      errors.push(`${path}: too short`);
    if (typeof schema['pattern'] === 'string' && !new RegExp(schema['pattern'] as string).test(value))
      errors.push(`${path}: pattern`);
  }
  if (Array.isArray(value)) {
    if (typeof schema['minItems'] === 'number' && value.length < schema['minItems'])
      errors.push(`${path}: too few items`);
    if (schema['items'])
      value.forEach((v, i) =>
        errors.push(...schemaErrors(schema['items'] as Schema, v, root, `${path}[${i}]`)),
      );
  }
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    const props = (schema['properties'] ?? {}) as Record<string, Schema>;
    for (const k of (schema['required'] ?? []) as string[])
      if (!(k in obj)) errors.push(`${path}: missing ${k}`);
    for (const [k, v] of Object.entries(obj)) {
      if (props[k]) errors.push(...schemaErrors(props[k], v, root, `${path}.${k}`));
      else if (schema['additionalProperties'] === false) errors.push(`${path}: unknown ${k}`);
    }
  }
  return errors;
}

describe('site-file.schema.json and the validator agree', () => {
  const schema = JSON.parse(
    readFileSync(join(__dirname, '../../../../models/topology/inputs/site-file.schema.json'), 'utf8'),
  ) as Schema;
  const defs = schema['$defs'] as Record<string, Schema>;
  const keysOf = (s: Schema) => Object.keys(s['properties'] as object).sort();

  it('lists the same keys for every object', () => {
    expect(keysOf(schema)).toEqual([...SITE_FILE_KEYS.top].sort());
    expect(keysOf(defs['zone']!)).toEqual([...SITE_FILE_KEYS.zone].sort());
    expect(keysOf(defs['conduit']!)).toEqual([...SITE_FILE_KEYS.conduit].sort());
    expect(keysOf(defs['pivot']!)).toEqual([...SITE_FILE_KEYS.pivot].sort());
  });

  const documents: readonly [string, string][] = [
    ['the example', fixture('site/water-plant.yaml')],
    ['the JSON example', fixture('site/water-plant.json')],
    ['minimal', 'zones: []\n'],
    ['empty mapping', '{}\n'],
    [
      'every level',
      `zones:\n${[0, 1, 2, 3, 3.5, 4, 5, 'internet'].map((l, i) => `  - {name: z${i}, level: ${l}}`).join('\n')}\n`,
    ],
    ['unknown top key', 'zonez: []\n'],
    ['unknown zone key', 'zones:\n  - {name: a, colour: red}\n'],
    ['zone without name', 'zones:\n  - {level: 1}\n'],
    ['empty zone name', 'zones:\n  - {name: ""}\n'],
    ['zone name a number', 'zones:\n  - {name: 7}\n'],
    ['bad level', 'zones:\n  - {name: a, level: 7}\n'],
    ['level as text', 'zones:\n  - {name: a, level: L2}\n'],
    ['bad kind', 'zones:\n  - {name: a, kind: plant}\n'],
    ['segments not a list', 'zones:\n  - {name: a, segments: 10.0.0.0/8}\n'],
    ['segment without length', 'zones:\n  - {name: a, segments: [10.0.0.0]}\n'],
    ['interface without device', 'zones:\n  - {name: a, interfaces: [eth0]}\n'],
    ['device zone wildcard', 'zones:\n  - {name: a, deviceZones: ["*:inside"]}\n'],
    ['name not a string', 'name: [a]\n'],
    ['zones not a list', 'zones: {a: 1}\n'],
    ['resolver with a prefix', 'resolvers: [10.0.0.1/32]\n'],
    ['conduit without services', 'zones: [{name: a}]\nconduits:\n  - {from: a, to: a}\n'],
    ['conduit with no services', 'zones: [{name: a}]\nconduits:\n  - {from: a, to: a, services: []}\n'],
    ['conduit without from', 'zones: [{name: a}]\nconduits:\n  - {to: a, services: [ssh]}\n'],
    [
      'conduit bidirectional text',
      'zones: [{name: a}]\nconduits:\n  - {from: a, to: a, services: [ssh], bidirectional: "yes"}\n',
    ],
    [
      'conduit service with spaces',
      'zones: [{name: a}]\nconduits:\n  - {from: a, to: a, services: ["tcp 22"]}\n',
    ],
    [
      'conduit range',
      'zones: [{name: a}]\nconduits:\n  - {from: a, to: internet, services: [tcp/5900-5903, sctp/2905, icmpv6, any]}\n',
    ],
    ['pivot without service', 'pivots:\n  - {roles: [ews]}\n'],
    ['pivot roles not a list', 'pivots:\n  - {service: ssh, roles: ews}\n'],
    ['pivot with empty role', 'pivots:\n  - {service: ssh, roles: [""]}\n'],
    ['selector empty', 'targets: [""]\n'],
    ['footholds of names and addresses', 'footholds: [corp, 10.0.0.1, 10.0.0.0/8, "fd00::/64", plc-01]\n'],
  ];

  it.each(documents)('%s', (_name, text) => {
    const r = parseSiteFile('doc.yaml', text);
    const validatorSays = r.site !== null && r.diagnostics.every((d) => d.severity === 'info');
    const schemaSays = schemaErrors(schema, parseYaml(text)).length === 0;
    expect({ valid: validatorSays, diagnostics: summary(r.diagnostics) }).toEqual({
      valid: schemaSays,
      diagnostics: expect.anything(),
    });
  });

  it('the validator is stricter where the schema cannot see: addresses, services, duplicates, references', () => {
    for (const text of [
      'zones:\n  - {name: a, segments: [10.300.0.0/16]}\n',
      'resolvers: [10.0.0.999]\n',
      'zones: [{name: a}]\nconduits:\n  - {from: a, to: a, services: [tcp/70000]}\n',
      'zones: [{name: a}]\nconduits:\n  - {from: a, to: a, services: [frobnicate]}\n',
      'zones: [{name: a}, {name: a}]\n',
      'conduits:\n  - {from: a, to: b, services: [ssh]}\n',
      'footholds: [10.0.0.0/40]\n',
    ]) {
      expect(schemaErrors(schema, parseYaml(text))).toEqual([]);
      expect(parseSiteFile('doc.yaml', text).diagnostics.some((d) => d.severity !== 'info')).toBe(true);
    }
  });
});
