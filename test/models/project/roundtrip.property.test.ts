import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type JsonValue,
  type Project,
  type ProjectEdit,
  createProject,
  fileNameProblem,
  formatProjectError,
  parseProject,
  serializeProject,
} from '../../../models/project';

const segment = fc
  .string({ unit: fc.constantFrom(...'abcXYZ019 ._-é'.split('')), minLength: 1, maxLength: 8 })
  .filter((s) => s !== '.' && s !== '..');
const fileName = fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/'));
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'binary-ascii', maxLength: 300 }),
  // Lone surrogates: hashed as U+FFFD, escaped by JSON.stringify, read back as themselves.
  fc.string({
    unit: fc.integer({ min: 0xd7f0, max: 0xe010 }).map((c) => String.fromCharCode(c)),
    maxLength: 20,
  }),
);
const isoDate = fc
  .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
  .map((d) => d.toISOString());
const address = fc.constantFrom(
  'any',
  'any4',
  '10.0.0.0/8',
  '192.168.1.5',
  '10.0.0.1-10.0.0.9',
  '2001:db8::/32',
);
const service = fc.constantFrom(
  'any',
  'tcp/22',
  'udp/53',
  'tcp/5900-5903',
  'icmp',
  'icmp/3 code 4',
  'gre',
  'tcp/any from 1024-65535',
);
const note = fc.option(fc.string({ unit: 'binary', maxLength: 40 }), { nil: undefined });
const ids = fc.string({ minLength: 1, maxLength: 12 });
const edit: fc.Arbitrary<ProjectEdit> = fc.oneof(
  fc.record({ device: ids, rule: ids, note }).map(({ device, rule, note: n }) => ({
    kind: 'disable' as const,
    device,
    rule,
    ...(n === undefined ? {} : { note: n }),
  })),
  fc
    .record(
      {
        device: ids,
        rule: ids,
        src: fc.array(address),
        dst: fc.array(address),
        service: fc.array(service),
        note,
      },
      { requiredKeys: ['device', 'rule'] },
    )
    .map((e) => ({ kind: 'narrow' as const, ...e })),
  fc
    .record({
      device: ids,
      rule: ids,
      src: fc.array(address),
      dst: fc.array(address),
      service: fc.array(service),
    })
    .map((e) => ({ kind: 'deny-above' as const, ...e })),
);
const view = fc.record(
  {
    tab: fc.string(),
    selectedPath: fc.option(fc.string(), { nil: null }),
    map: fc.record({
      zoom: fc.double({ min: 0.01, max: 100, noNaN: true }),
      pan: fc.record({ x: fc.double({ noNaN: true, noDefaultInfinity: true }), y: fc.integer() }),
    }),
    expandedZones: fc.array(fc.string()),
    extra: fc.jsonValue() as fc.Arbitrary<JsonValue>,
  },
  { requiredKeys: [] },
);

const projectArb: fc.Arbitrary<Project> = fc
  .record({
    name: fc.string({ unit: 'binary', maxLength: 30 }),
    files: fc.uniqueArray(fc.record({ name: fileName, text }), { selector: (f) => f.name, maxLength: 4 }),
    created: isoDate,
    saved: isoDate,
    version: fc.string({ maxLength: 10 }),
    from: fc.array(fc.string({ minLength: 1 }), { maxLength: 3 }),
    to: fc.array(fc.string({ minLength: 1 }), { maxLength: 3 }),
    k: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
    resolvers: fc.boolean(),
    edits: fc.array(edit, { maxLength: 4 }),
    view,
  })
  .map((r) => {
    const resolvers = r.resolvers && r.files.length > 0 ? r.files[0]!.name : undefined;
    const p = createProject({
      name: r.name,
      files: r.files,
      tool: { name: 'conduit', version: r.version },
      now: r.created,
      settings: {
        from: r.from,
        to: r.to,
        ...(r.k === undefined ? {} : { k: r.k }),
        ...(resolvers === undefined ? {} : { resolvers }),
      },
      edits: r.edits,
      view: r.view,
    });
    if (!p.ok) throw new Error(p.error);
    return { ...p.value, savedAt: r.saved };
  });

describe('save, load, save', () => {
  it('gives the same bytes and the same project, with no diagnostic', () => {
    fc.assert(
      fc.property(projectArb, (p) => {
        const first = serializeProject(p);
        const loaded = parseProject(first, 'p.conduit');
        if (!loaded.ok) throw new Error(formatProjectError(loaded.error));
        expect(loaded.diagnostics).toEqual([]);
        expect(loaded.value.files).toEqual(p.files);
        expect(loaded.value.edits).toEqual(p.edits);
        expect(loaded.value.settings).toEqual(p.settings);
        expect(serializeProject(loaded.value)).toBe(first);
      }),
      { numRuns: 200 },
    );
  });

  it('file names a dropped folder gives are accepted', () => {
    fc.assert(
      fc.property(fileName, (n) => {
        expect(fileNameProblem(n)).toBeNull();
      }),
    );
  });
});
