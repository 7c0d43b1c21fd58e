import { describe, expect, it } from 'vitest';
import { namedDestinationPages, stampPdfDates } from '../../../models/report';

/** A PDF skeleton as Skia writes it: catalog, a nested page tree, a /Dests dictionary. */
const PDF = [
  '%PDF-1.4',
  '1 0 obj',
  '<</Type /Catalog',
  '/Pages 2 0 R',
  '/Dests 9 0 R>>',
  'endobj',
  '2 0 obj',
  '<</Type /Pages',
  '/Count 3',
  '/Kids [3 0 R 4 0 R]>>',
  'endobj',
  '3 0 obj',
  '<</Type /Page>>',
  'endobj',
  '4 0 obj',
  '<</Type /Pages',
  '/Kids [5 0 R 6 0 R]>>',
  'endobj',
  '5 0 obj',
  '<</Type /Page>>',
  'endobj',
  '6 0 obj',
  '<</Type /Page>>',
  'endobj',
  '9 0 obj',
  '<</sec-summary [3 0 R /XYZ 6 826 0]',
  '/sec-map [5 0 R /XYZ 6 826 0]',
  '/sec#2Dpaths [6 0 R /XYZ 6 826 0]>>',
  'endobj',
  '7 0 obj',
  '<</Producer (Skia/PDF m156)',
  "/CreationDate (D:20261204195909+00'00')",
  "/ModDate (D:20261204195909+00'00')>>",
  'endobj',
  '%%EOF',
].join('\n');

describe('namedDestinationPages', () => {
  it('gives the page of each named destination through a nested page tree', () => {
    expect(namedDestinationPages(PDF)).toEqual(
      new Map([
        ['sec-summary', 1],
        ['sec-map', 2],
        ['sec-paths', 3],
      ]),
    );
  });

  it('gives nothing for a PDF without destinations or not a PDF at all', () => {
    expect(namedDestinationPages(PDF.replace('/Dests 9 0 R', '')).size).toBe(0);
    expect(namedDestinationPages('not a pdf').size).toBe(0);
  });
});

describe('stampPdfDates', () => {
  it('sets both dates to the report date without changing the length', () => {
    const out = stampPdfDates(PDF, '2026-03-01T12:00:00Z');
    expect(out.length).toBe(PDF.length);
    expect(out).toContain("/CreationDate (D:20260301120000+00'00')");
    expect(out).toContain("/ModDate (D:20260301120000+00'00')");
    expect(stampPdfDates(PDF, 'not a date')).toBe(PDF);
  });
});
