/** A tiny DNS stamp encoder for tests: builds payloads field by field, as the spec writes them. */
import { encodeBase64Url } from '../../../../models/egress/resolvers';

type Field = string | Uint8Array | number[];

const bytesOf = (f: Field): number[] =>
  typeof f === 'string' ? Array.from(new TextEncoder().encode(f)) : Array.from(f);

export const lp = (f: Field): number[] => {
  const b = bytesOf(f);
  return [b.length, ...b];
};

export const vlp = (fs: Field[]): number[] =>
  fs.length === 0
    ? [0]
    : fs.flatMap((f, i) => {
        const b = bytesOf(f);
        return [i < fs.length - 1 ? 0x80 | b.length : b.length, ...b];
      });

export const props = (bits: number): number[] => [bits, 0, 0, 0, 0, 0, 0, 0];

export const stamp = (bytes: number[]): string => `sdns://${encodeBase64Url(Uint8Array.from(bytes))}`;

export const hexBytes = (hex: string): number[] => (hex.match(/../g) ?? []).map((h) => parseInt(h, 16));
