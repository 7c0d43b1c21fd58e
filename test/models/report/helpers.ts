import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv, { type ValidateFunction } from 'ajv';
import { SaxesParser } from 'saxes';
import type { InputFile } from '../../../models/import/types';
import { type ReportDocument, analyzeSite, buildReport } from '../../../models/report';
import { assembleSite } from '../../../models/topology';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** The bundled example site: it changes as the example grows, so tests derive from it, not from its numbers. */
export const exampleDir = path.join(repoRoot, 'examples', 'plant-site');
/** A small site whose names, comments and descriptions are hostile (HTML, scripts, formulas, controls). */
export const hostileDir = path.join(repoRoot, 'test', 'models', 'report', 'fixtures', 'hostile');
export const schemaPath = path.join(repoRoot, 'docs', 'report-schema.json');
export const comparisonSchemaPath = path.join(repoRoot, 'docs', 'comparison-schema.json');

export function siteFiles(dir: string): { file: InputFile; bytes: Buffer }[] {
  return readdirSync(dir)
    .filter((n) => statSync(path.join(dir, n)).isFile())
    .sort()
    .map((name) => {
      const bytes = readFileSync(path.join(dir, name));
      return { file: { name, text: bytes.toString('utf8') }, bytes };
    });
}

/** The report of a site folder, built in process as the CLI builds it. */
export function reportOf(
  dir: string,
  generatedAt = '2026-03-01T12:00:00Z',
  extra: { note?: string; title?: string } = {},
): ReportDocument {
  return reportOfFiles(siteFiles(dir), generatedAt, extra);
}

/** The report of some files (name and bytes). */
export function reportOfFiles(
  files: readonly { file: InputFile; bytes: Buffer }[],
  generatedAt = '2026-03-01T12:00:00Z',
  extra: { note?: string; title?: string } = {},
): ReportDocument {
  const load = assembleSite(files.map((f) => f.file));
  const analysis = analyzeSite(load.network, load.issues);
  return buildReport(analysis, {
    inputs: files.map(({ file, bytes }) => {
      const i = load.inputs.find((x) => x.name === file.name);
      return {
        name: file.name,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        bytes: bytes.length,
        kind: i?.kind ?? 'skipped',
        vendor: i?.vendor ?? null,
        vendorLabel: null,
        devices: i?.devices ?? [],
      };
    }),
    toolVersion: '0.0.0-test',
    generatedAt,
    issues: load.issues,
    ...extra,
  });
}

let validators: { report: ValidateFunction; comparison: ValidateFunction } | null = null;

/** Validates against the published schema; returns the errors as text ('' when valid). */
export function schemaErrors(doc: unknown, which: 'report' | 'comparison' = 'report'): string {
  if (!validators) {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    ajv.addSchema(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);
    validators = {
      report: ajv.getSchema('https://conduit.invalid/schemas/conduit-report-1.json')!,
      comparison: ajv.compile(JSON.parse(readFileSync(comparisonSchemaPath, 'utf8')) as object),
    };
  }
  const v = validators[which];
  return v(doc) ? '' : ajv8Text(v.errors);
}

function ajv8Text(errors: unknown): string {
  return JSON.stringify(errors, null, 1).slice(0, 4000);
}

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** Parses XML (SVG, GraphML) strictly; returns every element and the text content. */
export function parseXml(text: string): { elements: XmlElement[]; text: string } {
  const parser = new SaxesParser({ xmlns: false });
  const elements: XmlElement[] = [];
  let content = '';
  let error: Error | null = null;
  parser.on('error', (e) => {
    error ??= e;
  });
  parser.on('opentag', (t) => {
    elements.push({ name: t.name, attributes: t.attributes as Record<string, string> });
  });
  parser.on('text', (t) => {
    content += t;
  });
  parser.write(text).close();
  if (error) throw error;
  return { elements, text: content };
}
