/** The words of Junos configuration text, both forms: quotes, braces, brackets, comments. */

export interface Token {
  readonly text: string;
  readonly line: number;
  /** Quoted words are text, never `{`, `;`, `[`... */
  readonly quoted: boolean;
}

export interface LineTokens {
  readonly tokens: Token[];
  /** Still inside a `/* *\/` comment at the end of the line. */
  readonly inComment: boolean;
  readonly unclosedQuote: boolean;
  readonly sawComment: boolean;
}

/** The words of one line; `/* *\/` comments may span lines, `#` runs to the end of the line. */
export function tokenizeLine(s: string, line: number, startInComment: boolean): LineTokens {
  const tokens: Token[] = [];
  let inComment = startInComment;
  let sawComment = inComment;
  let k = 0;
  while (k < s.length) {
    if (inComment) {
      const end = s.indexOf('*/', k);
      if (end < 0) break;
      inComment = false;
      k = end + 2;
      continue;
    }
    const c = s[k]!;
    if (c === ' ' || c === '\t') {
      k++;
      continue;
    }
    if (c === '/' && s[k + 1] === '*') {
      inComment = sawComment = true;
      k += 2;
      continue;
    }
    if (c === '#') {
      sawComment = true;
      break;
    }
    if (c === '{' || c === '}' || c === ';' || c === '[' || c === ']') {
      tokens.push({ text: c, line, quoted: false });
      k++;
      continue;
    }
    if (c === '"') {
      let word = '';
      k++;
      let closed = false;
      while (k < s.length) {
        const d = s[k]!;
        if (d === '\\' && k + 1 < s.length) {
          word += s[k + 1];
          k += 2;
        } else if (d === '"') {
          closed = true;
          k++;
          break;
        } else {
          word += d;
          k++;
        }
      }
      if (!closed) return { tokens, inComment: false, unclosedQuote: true, sawComment };
      tokens.push({ text: word, line, quoted: true });
      continue;
    }
    let j = k;
    while (j < s.length && !' \t{};[]"'.includes(s[j]!)) j++;
    tokens.push({ text: s.slice(k, j), line, quoted: false });
    k = j;
  }
  return { tokens, inComment, unclosedQuote: false, sawComment };
}
