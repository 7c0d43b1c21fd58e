/**
 * The tokens of `nft list ruleset` / `nft -f` text: words (names, numbers, addresses with their
 * prefixes and ports, `@set`, `$define`), double-quoted strings, punctuation and line ends.
 * `#` starts a comment to the end of the line; a backslash before the line end joins lines.
 */
export type TokenKind = 'word' | 'string' | 'punct' | 'nl';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** 0-based line index. */
  readonly line: number;
}

const PUNCT = new Set(['{', '}', ';', ',', '(', ')', '|', '&', '^', '!', '=', '<', '>']);
const TWO = new Set(['==', '!=', '<=', '>=', '<<', '>>']);

export function tokenize(lines: readonly string[]): Token[] {
  const out: Token[] = [];
  for (let li = 0; li < lines.length; li++) {
    const s = lines[li]!;
    let i = 0;
    let joined = false;
    while (i < s.length) {
      const c = s[i]!;
      if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
        i++;
        continue;
      }
      if (c === '#') break;
      if (c === '\\' && s.slice(i + 1).trim() === '') {
        joined = true;
        break;
      }
      if (c === '"') {
        let j = i + 1;
        let text = '';
        while (j < s.length && s[j] !== '"') {
          if (s[j] === '\\' && j + 1 < s.length) j++;
          text += s[j];
          j++;
        }
        out.push({ kind: 'string', text, line: li });
        i = j + 1;
        continue;
      }
      const two = s.slice(i, i + 2);
      if (TWO.has(two)) {
        out.push({ kind: 'punct', text: two, line: li });
        i += 2;
        continue;
      }
      if (PUNCT.has(c)) {
        out.push({ kind: 'punct', text: c, line: li });
        i++;
        continue;
      }
      let j = i;
      while (j < s.length) {
        const d = s[j]!;
        if (d === ' ' || d === '\t' || d === '\r' || d === '"' || d === '#' || PUNCT.has(d)) break;
        j++;
      }
      out.push({ kind: 'word', text: s.slice(i, j), line: li });
      i = j;
    }
    if (!joined) out.push({ kind: 'nl', text: '\n', line: li });
  }
  return out;
}
