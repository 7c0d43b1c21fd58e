/**
 * Splits a rule line into words the way iptables-restore does: white space separates words,
 * double (or single) quotes group them, and inside double quotes a backslash escapes the next
 * character (iptables-save writes comments as `"say \"hi\""`). Returns null on an unclosed quote.
 * `quoted[k]` tells whether word k was quoted (a quoted `!` is text, not a negation).
 */
export interface Tokens {
  readonly words: string[];
  readonly quoted: readonly boolean[] | null;
}

export function tokenize(line: string): Tokens | null {
  if (!line.includes('"') && !line.includes("'")) {
    const words = line.split(/[ \t]+/);
    if (words[0] === '') words.shift();
    if (words.length > 0 && words[words.length - 1] === '') words.pop();
    return { words, quoted: null };
  }
  const words: string[] = [];
  const quoted: boolean[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && (line[i] === ' ' || line[i] === '\t')) i++;
    if (i >= n) break;
    let word = '';
    let wasQuoted = false;
    while (i < n && line[i] !== ' ' && line[i] !== '\t') {
      const c = line[i]!;
      if (c === '"' || c === "'") {
        const quote = c;
        wasQuoted = true;
        i++;
        let closed = false;
        while (i < n) {
          const d = line[i]!;
          if (d === '\\' && quote === '"' && i + 1 < n) {
            word += line[i + 1];
            i += 2;
          } else if (d === quote) {
            closed = true;
            i++;
            break;
          } else {
            word += d;
            i++;
          }
        }
        if (!closed) return null;
      } else {
        word += c;
        i++;
      }
    }
    words.push(word);
    quoted.push(wasQuoted);
  }
  return { words, quoted };
}
