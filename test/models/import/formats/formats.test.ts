import { describe, expect, it } from 'vitest';
import { at, childText, childrenNamed, parseXml } from '../../../../models/import/formats/xml';
import { items, parseJson, prop, str, valueOf } from '../../../../models/import/formats/json';

describe('parseXml', () => {
  it('gives every element the line of its start tag and its text', () => {
    const doc = parseXml(
      '<config>\n  <rule name="a">\n    <to>\n      trust\n    </to>\n  </rule>\n  <rule name="b"/>\n</config>\n',
    );
    expect(doc.error).toBeNull();
    const rules = childrenNamed(doc.root!, 'rule');
    expect(rules.map((r) => [r.attributes.name, r.line, r.endLine])).toEqual([
      ['a', 2, 6],
      ['b', 7, 7],
    ]);
    expect(childText(rules[0]!, 'to')).toBe('trust');
    expect(at(doc.root, 'rule', 'to')?.line).toBe(3);
  });

  it('reports a truncated document with the line where it stopped, keeping what was read', () => {
    const doc = parseXml('<config>\n  <rule name="a">\n    <to>trust</to>\n');
    expect(doc.error?.line).toBe(4);
    expect(doc.root?.children[0]?.attributes.name).toBe('a');
  });

  it('reports a mismatched tag on its line', () => {
    const doc = parseXml('<a>\n<b>\n</c>\n</a>');
    expect(doc.error).not.toBeNull();
    expect(doc.error!.line).toBe(3);
  });

  it('keeps nothing read after the first error: saxes guesses on, the tree does not', () => {
    const doc = parseXml('<config>\n  <rule name="a"/>\n  <rule name=b/>\n  <rule name="c"/>\n</config>\n');
    expect(doc.error?.line).toBe(3);
    expect(childrenNamed(doc.root!, 'rule').map((r) => r.attributes.name)).toEqual(['a']);
  });

  it('does not resolve external entities', () => {
    const doc = parseXml('<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<a>&x;</a>');
    expect(doc.root?.text ?? '').not.toContain('root:');
  });
});

describe('parseJson', () => {
  it('maps nodes to lines', () => {
    const doc = parseJson('{\n  "rules": [\n    {"name": "a"},\n    {"name": "b"}\n  ]\n}\n');
    expect(doc.errors).toEqual([]);
    const rules = items(prop(doc.root, 'rules'));
    expect(rules.map((r) => [str(r, 'name'), doc.lineOf(r.offset)])).toEqual([
      ['a', 3],
      ['b', 4],
    ]);
  });

  it('reports syntax errors with their line', () => {
    const doc = parseJson('{\n  "a": 1,\n  "b": \n}');
    expect(doc.errors.length).toBeGreaterThan(0);
    expect(doc.errors[0]!.line).toBe(4);
  });
});

describe('parseJson against hostile nesting', () => {
  it('reports JSON nested deeper than any export on the line where it goes too deep, without overflowing', () => {
    const text = `{\n"a": ${'['.repeat(100_000)}1${']'.repeat(100_000)}}`;
    const doc = parseJson(text);
    expect(doc.root).toBeUndefined();
    expect(doc.errors).toEqual([{ message: 'nested more than 512 levels deep', line: 2 }]);
    // brackets inside strings do not count
    expect(parseJson(`{"a": "${'['.repeat(10_000)}"}`).errors).toEqual([]);
  });
});

describe('valueOf against hostile keys', () => {
  it('keeps "__proto__" a plain key instead of replacing the prototype', () => {
    const doc = parseJson('{"__proto__": {"polluted": true}, "constructor": 1, "a": [{"__proto__": 2}]}');
    const v = valueOf(doc.root) as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect((v as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.keys(v)).toEqual(['__proto__', 'constructor', 'a']);
    expect(v['__proto__']).toEqual({ polluted: true });
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });
});
