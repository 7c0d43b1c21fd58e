/**
 * Bytes -> text for configuration files, with the checks a user's mistake needs: binary
 * content, emptiness and encodings. Pure (no file system), so it is unit-tested directly.
 */

export type Decoded =
  | {
      readonly kind: 'text';
      readonly text: string;
      readonly encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin-1';
    }
  | { readonly kind: 'binary'; readonly line: number; readonly reason: string }
  | { readonly kind: 'empty' };

/** How much of the file is sampled for control characters. */
const SAMPLE = 64 * 1024;
/** Share of control characters (other than tab, CR, LF, FF, VT, ESC) above which a file is binary. */
const MAX_CONTROL_SHARE = 0.02;

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const UTF16LE = new TextDecoder('utf-16le', { fatal: false, ignoreBOM: false });
const LATIN1 = new TextDecoder('latin1');

/** 1-based line of byte offset `at` (counting LF bytes before it). */
export function lineOfByte(bytes: Uint8Array, at: number): number {
  let line = 1;
  for (let i = 0; i < at && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function isControl(b: number): boolean {
  return b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x0b && b !== 0x1b;
}

export function decodeConfig(bytes: Uint8Array): Decoded {
  if (bytes.length === 0) return { kind: 'empty' };
  // UTF-16 with a byte-order mark (Windows exports): decode, do not call it binary.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return finish(UTF16LE.decode(bytes), 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = new Uint8Array(bytes.length - (bytes.length % 2));
    for (let i = 0; i + 1 < bytes.length; i += 2) {
      swapped[i] = bytes[i + 1]!;
      swapped[i + 1] = bytes[i]!;
    }
    return finish(UTF16LE.decode(swapped), 'utf-16be');
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    return {
      kind: 'binary',
      line: lineOfByte(bytes, nul),
      reason: `not a text file (a NUL byte at offset ${nul})`,
    };
  }
  const n = Math.min(bytes.length, SAMPLE);
  let control = 0;
  let firstControl = -1;
  for (let i = 0; i < n; i++) {
    if (isControl(bytes[i]!)) {
      control++;
      if (firstControl < 0) firstControl = i;
    }
  }
  if (control > n * MAX_CONTROL_SHARE) {
    return {
      kind: 'binary',
      line: lineOfByte(bytes, firstControl),
      reason: `not a text file (${control} control bytes in the first ${n})`,
    };
  }
  try {
    return finish(UTF8.decode(bytes), 'utf-8');
  } catch {
    // Not UTF-8: configs from older systems are often Latin-1; every byte maps to one character.
    return finish(LATIN1.decode(bytes), 'latin-1');
  }
}

function finish(text: string, encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin-1'): Decoded {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (isBlank(body)) return { kind: 'empty' };
  return { kind: 'text', text: body, encoding };
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0b && c !== 0x0c) return false;
  }
  return true;
}
