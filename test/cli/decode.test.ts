import { describe, expect, it } from 'vitest';
import { decodeConfig, lineOfByte } from '../../cli/io/decode';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('decodeConfig', () => {
  it('reads UTF-8 text and drops a byte-order mark', () => {
    expect(decodeConfig(bytes('\uFEFF*filter\nCOMMIT\n'))).toEqual({
      kind: 'text',
      text: '*filter\nCOMMIT\n',
      encoding: 'utf-8',
    });
  });

  it('calls an empty or blank file empty', () => {
    expect(decodeConfig(new Uint8Array())).toEqual({ kind: 'empty' });
    expect(decodeConfig(bytes(' \n\t\r\n'))).toEqual({ kind: 'empty' });
  });

  it('calls a file with a NUL byte binary, naming the line', () => {
    expect(decodeConfig(bytes('a\nb\nc\u0000d'))).toMatchObject({ kind: 'binary', line: 3 });
  });

  it('calls a file full of control bytes binary', () => {
    const b = new Uint8Array(1000).map((_, i) => (i % 3 === 0 ? 1 : 65));
    expect(decodeConfig(b)).toMatchObject({ kind: 'binary', line: 1 });
  });

  it('reads UTF-16 with a byte-order mark (Windows exports)', () => {
    const le = new Uint8Array([0xff, 0xfe, 0x2a, 0, 0x66, 0, 0x0a, 0]);
    expect(decodeConfig(le)).toEqual({ kind: 'text', text: '*f\n', encoding: 'utf-16le' });
    const be = new Uint8Array([0xfe, 0xff, 0, 0x2a, 0, 0x66]);
    expect(decodeConfig(be)).toEqual({ kind: 'text', text: '*f', encoding: 'utf-16be' });
  });

  it('falls back to Latin-1 for text that is not UTF-8', () => {
    expect(decodeConfig(new Uint8Array([0x23, 0x20, 0x4d, 0xfc, 0x6c, 0x6c, 0x0a]))).toEqual({
      kind: 'text',
      text: '# Müll\n',
      encoding: 'latin-1',
    });
  });
});

describe('lineOfByte', () => {
  it('counts line feeds before the offset', () => {
    expect(lineOfByte(bytes('ab\ncd\nef'), 0)).toBe(1);
    expect(lineOfByte(bytes('ab\ncd\nef'), 3)).toBe(2);
    expect(lineOfByte(bytes('ab\ncd\nef'), 7)).toBe(3);
  });
});
