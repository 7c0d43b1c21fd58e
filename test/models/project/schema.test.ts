import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromRuleEdit, parseProject, serializeProject } from '../../../models/project';
import { ANY_ADDRESS, ANY_SERVICE } from '../../../models/net';
import { exampleProject } from './example';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const fixtures = path.join(root, 'test', 'fixtures', 'project');
const schema = JSON.parse(fs.readFileSync(path.join(root, 'docs', 'project-schema.json'), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const validate = ajv.compile(schema);
const check = (doc: unknown): string => (validate(doc) ? '' : JSON.stringify(validate.errors).slice(0, 2000));

describe('docs/project-schema.json', () => {
  it('accepts every valid fixture and what serializeProject writes', () => {
    for (const name of fs.readdirSync(fixtures).filter((n) => n.endsWith('.valid.conduit'))) {
      const text = fs.readFileSync(path.join(fixtures, name), 'utf8');
      expect(check(JSON.parse(text)), name).toBe('');
      const p = parseProject(text, name);
      expect(p.ok, name).toBe(true);
      if (p.ok) expect(check(JSON.parse(serializeProject(p.value))), name).toBe('');
    }
    const example = exampleProject({
      settings: { from: ['corp'], to: ['10.30.2.0/24'], k: 4 },
      edits: [
        fromRuleEdit({ kind: 'disable', device: 'rbw-edge-fw01', rule: 'it-admin_access_in#3' }, 'why'),
        fromRuleEdit({
          kind: 'deny-above',
          device: 'd',
          rule: 'r',
          src: ANY_ADDRESS,
          dst: ANY_ADDRESS,
          service: ANY_SERVICE,
        }),
      ],
      view: { tab: 'map', selectedPath: null },
    });
    expect(check(JSON.parse(serializeProject(example)))).toBe('');
  });

  it('refuses every invalid fixture, as parseProject does', () => {
    const invalid = fs.readdirSync(fixtures).filter((n) => n.endsWith('.invalid.conduit'));
    expect(invalid.length).toBeGreaterThanOrEqual(5);
    for (const name of invalid) {
      const text = fs.readFileSync(path.join(fixtures, name), 'utf8');
      expect(check(JSON.parse(text)), name).not.toBe('');
      expect(parseProject(text, name).ok, name).toBe(false);
    }
  });

  it('agrees with the file-name rules on names a user could drop', () => {
    const nameSchema = ajv.compile({
      type: 'string',
      pattern: (schema as { properties: { files: { items: { properties: { name: { pattern: string } } } } } })
        .properties.files.items.properties.name.pattern,
    });
    const base = JSON.parse(fs.readFileSync(path.join(fixtures, 'minimal.valid.conduit'), 'utf8'));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: fc.constantFrom(...'a./\\:C\0\n '.split('')), maxLength: 8 }),
          fc.constantFrom('..', 'a/..', '../a', './a', 'a/./b', 'C:x', '/a', 'a/', 'a//b', 'a..b'),
        ),
        (name) => {
          base.files[0].name = name;
          const parsed = parseProject(JSON.stringify(base), 'p.conduit');
          expect(nameSchema(name), JSON.stringify(name)).toBe(parsed.ok);
        },
      ),
      { numRuns: 500 },
    );
  });
});
