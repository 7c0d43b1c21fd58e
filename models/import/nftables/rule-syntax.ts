import type { Token } from './lex';
import type { NftExpr, NftObject, NftStatement } from './model';

/**
 * nft's rule syntax -> statements in the shape of nft's JSON schema. Matches become
 * `{ match: { op, left, right } }` (op `implicit` when none is written: equality, or set
 * membership for flag types), verdicts `{ accept: null }`, `{ jump: { target } }`...
 * What is not understood ends the rule with `{ unparsed: text }`; the converter reports it.
 */

/** Protocols whose header fields are written `PROTO FIELD` (`ip saddr`, `tcp dport`). */
const PAYLOAD = new Set([
  'ip',
  'ip6',
  'tcp',
  'udp',
  'udplite',
  'sctp',
  'dccp',
  'th',
  'icmp',
  'icmpv6',
  'igmp',
  'ether',
  'arp',
  'vlan',
  'ah',
  'esp',
  'comp',
  'gre',
  'ipcomp',
  'dst',
  'hbh',
  'frag',
  'rt',
  'mh',
  'srh',
  'vxlan',
]);
/** meta keys that may be written without `meta`. */
const BARE_META = new Set([
  'iifname',
  'oifname',
  'iif',
  'oif',
  'iiftype',
  'oiftype',
  'mark',
  'l4proto',
  'nfproto',
  'skuid',
  'skgid',
  'rtclassid',
  'pkttype',
  'cpu',
  'iifgroup',
  'oifgroup',
  'cgroup',
  'ibrname',
  'obrname',
  'ibriport',
  'obriport',
  'ibrvproto',
  'ibrpvid',
  'nftrace',
  'secpath',
  'ipsec',
  'iifkind',
  'oifkind',
  'random',
]);
const OPS: Readonly<Record<string, string>> = {
  '==': '==',
  '!=': '!=',
  '<': '<',
  '>': '>',
  '<=': '<=',
  '>=': '>=',
  eq: '==',
  ne: '!=',
  lt: '<',
  gt: '>',
  le: '<=',
  ge: '>=',
};
const VERDICTS = new Set(['accept', 'drop', 'continue', 'return']);

export type Defines = ReadonlyMap<string, readonly Token[]>;

export class RuleSyntax {
  private i = 0;
  private depth = 0;
  constructor(
    private readonly ts: readonly Token[],
    private readonly defines: Defines,
  ) {}

  private peek(k = 0): Token | undefined {
    let i = this.i;
    for (;;) {
      const t = this.ts[i];
      if (t === undefined) return undefined;
      if (t.kind === 'nl' && this.depth > 0) {
        i++;
        continue;
      }
      if (k === 0) return t;
      k--;
      i++;
    }
  }
  private next(): Token | undefined {
    for (;;) {
      const t = this.ts[this.i++];
      if (t === undefined) return undefined;
      if (t.kind === 'nl' && this.depth > 0) continue;
      return t;
    }
  }
  private word(k = 0): string | undefined {
    const t = this.peek(k);
    return t && t.kind !== 'punct' && t.kind !== 'nl' ? t.text : undefined;
  }
  private isPunct(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t?.kind === 'punct' && t.text === text;
  }
  private done(): boolean {
    const t = this.peek();
    return t === undefined || t.kind === 'nl' || (t.kind === 'punct' && t.text === ';');
  }
  private rest(): string {
    return this.ts
      .slice(this.i)
      .filter((t) => t.kind !== 'nl')
      .map((t) => (t.kind === 'string' ? `"${t.text}"` : t.text))
      .join(' ');
  }

  /** The statements of one rule. */
  statements(): NftStatement[] {
    const out: NftStatement[] = [];
    while (!this.done()) {
      const start = this.i;
      let s: NftStatement | null;
      try {
        s = this.statement();
      } catch {
        s = null;
      }
      if (s === null || this.i === start) {
        this.i = start;
        out.push({ unparsed: this.rest() });
        break;
      }
      out.push(s);
    }
    return out;
  }

  private statement(): NftStatement | null {
    const w = this.word();
    if (w === undefined) return null;
    if (VERDICTS.has(w)) {
      this.next();
      return { [w]: null };
    }
    switch (w) {
      case 'jump':
      case 'goto': {
        this.next();
        const target = this.word();
        if (target === undefined) return null;
        this.next();
        return { [w]: { target } };
      }
      case 'reject': {
        this.next();
        if (this.word() !== 'with') return { reject: null };
        this.next();
        const type = this.word() ?? '';
        this.next();
        if (this.word() === 'reset') {
          this.next();
          return { reject: { type: 'tcp reset' } };
        }
        if (this.word() === 'type') this.next();
        const code = this.word() ?? '';
        this.next();
        return { reject: { type, expr: code } };
      }
      case 'queue': {
        this.next();
        while (['flags', 'num', 'to'].includes(this.word() ?? '')) {
          this.next();
          this.value();
        }
        return { queue: {} };
      }
      case 'counter': {
        this.next();
        if (this.word() === 'name') {
          this.next();
          this.next();
        }
        while (this.word() === 'packets' || this.word() === 'bytes') {
          this.next();
          this.next();
        }
        return { counter: null };
      }
      case 'log': {
        this.next();
        let prefix: string | undefined;
        while (
          ['prefix', 'level', 'flags', 'group', 'snaplen', 'queue-threshold'].includes(this.word() ?? '')
        ) {
          const k = this.next()!.text;
          const v = this.value();
          if (k === 'prefix' && typeof v === 'string') prefix = v;
        }
        return { log: prefix === undefined ? null : { prefix } };
      }
      case 'limit': {
        this.next();
        let over = false;
        const LIMIT =
          /^(rate|over|burst|packets|[kmg]?bytes|\d+(\/\w+)?|\/\w+|second|minute|hour|day|week|until)$/;
        while (!this.done() && LIMIT.test(this.word() ?? '')) {
          if (this.word() === 'over') over = true;
          this.next();
        }
        return { limit: { over } };
      }
      case 'comment': {
        this.next();
        const t = this.next();
        return { comment: t?.text ?? '' };
      }
      case 'notrack':
        this.next();
        return { notrack: null };
      case 'masquerade':
      case 'redirect': {
        this.next();
        let port: NftExpr | undefined;
        if (this.word() === 'to') {
          this.next();
          const p = this.word() ?? '';
          this.next();
          port = p.replace(/^:/, '');
        }
        this.natFlags();
        return { [w]: port === undefined ? null : { port } };
      }
      case 'dnat':
      case 'snat': {
        this.next();
        let family: string | undefined;
        if (
          (this.word() === 'ip' || this.word() === 'ip6') &&
          (this.word(1) === 'to' || this.word(1) === 'addr')
        ) {
          family = this.next()!.text;
        }
        if (this.word() === 'to') this.next();
        let addr: NftExpr;
        const first = this.word();
        if (first !== undefined && this.isSelectorStart(first)) {
          const key = this.selector();
          if (key === null || this.word() !== 'map') return null;
          this.next();
          addr = { map: { key, data: this.value() } };
        } else {
          addr = this.value();
        }
        this.natFlags();
        return { [w]: { addr, ...(family !== undefined ? { family } : {}) } };
      }
      case 'flow': {
        this.next();
        if (this.word() === 'add' || this.word() === 'offload') this.next();
        this.next();
        return { flow: {} };
      }
      case 'synproxy': {
        this.next();
        while (!this.done() && /^(mss|wscale|timestamp|sack-perm|\d+)$/.test(this.word() ?? '')) this.next();
        return { synproxy: {} };
      }
    }
    if (!this.isSelectorStart(w)) return null;
    let left = this.selector();
    if (left === null) return null;
    if (this.word() === 'set') {
      this.next();
      const v =
        this.word() !== undefined && this.isSelectorStart(this.word()!) ? this.selector() : this.value();
      return { mangle: { key: left, value: v } };
    }
    if (this.word() === 'vmap') {
      this.next();
      return { vmap: { key: left, data: this.value() } };
    }
    while (
      this.isPunct('&') ||
      this.isPunct('|') ||
      this.isPunct('^') ||
      this.isPunct('<<') ||
      this.isPunct('>>')
    ) {
      const op = this.next()!.text;
      left = { [op]: [left, this.value()] };
    }
    let op = 'implicit';
    const t = this.peek();
    if (t !== undefined && (t.kind === 'punct' || t.kind === 'word') && OPS[t.text] !== undefined) {
      op = OPS[t.text]!;
      this.next();
    }
    const right = this.value();
    if (this.word() === '/' && op === 'implicit') {
      this.next();
      const mask = this.value();
      return { match: { op: '==', left: { '&': [left, mask] }, right } };
    }
    return { match: { op, left, right } };
  }

  private natFlags(): void {
    while (/^(random|fully-random|persistent|netmap|prefix)$/.test(this.word() ?? '') || this.isPunct(','))
      this.next();
  }

  private isSelectorStart(w: string): boolean {
    return PAYLOAD.has(w) || w === 'meta' || BARE_META.has(w) || w === 'ct' || w === 'fib';
  }

  /** `ip saddr`, `meta l4proto`, `iifname`, `ct state`, `tcp option maxseg size`, and `a . b` concatenations. */
  private selector(): NftExpr | null {
    const parts: NftExpr[] = [];
    for (;;) {
      const one = this.oneSelector();
      if (one === null) return null;
      parts.push(one);
      if (this.word() !== '.') break;
      this.next();
    }
    return parts.length === 1 ? parts[0]! : { concat: parts };
  }

  private oneSelector(): NftExpr | null {
    const w = this.word();
    if (w === undefined) return null;
    this.next();
    if (w === 'meta') {
      const key = this.word();
      if (key === undefined) return null;
      this.next();
      return { meta: { key } };
    }
    if (BARE_META.has(w)) return { meta: { key: w } };
    if (w === 'ct') {
      let dir: string | undefined;
      if (this.word() === 'original' || this.word() === 'reply') dir = this.next()!.text;
      const key = this.word();
      if (key === undefined) return null;
      this.next();
      return { ct: { key, ...(dir !== undefined ? { dir } : {}) } };
    }
    if (w === 'fib') {
      const words: string[] = [];
      while (/^(saddr|daddr|mark|iif|oif|\.)$/.test(this.word() ?? '')) words.push(this.next()!.text);
      const result = this.word();
      if (result === undefined) return null;
      this.next();
      return { fib: { flags: words.join(' '), result } };
    }
    if (PAYLOAD.has(w)) {
      if (w === 'tcp' && this.word() === 'option') {
        this.next();
        const name = this.word();
        if (name === undefined) return null;
        this.next();
        let field: string | undefined;
        if (/^(kind|length|size|value|count|left|right|tsval|tsecr)$/.test(this.word() ?? ''))
          field = this.next()!.text;
        return { 'tcp option': { name, ...(field !== undefined ? { field } : {}) } };
      }
      const field = this.word();
      if (field === undefined || !/^[a-z][a-z0-9-]*$/.test(field)) return null;
      this.next();
      return { payload: { protocol: w, field } };
    }
    return null;
  }

  /** A value: a word or string, `{ set }`, `( a | b )`, `a,b` flag list, `$define`, `@set`, `a . b`. */
  value(inSet = false): NftExpr {
    let v = this.atom(inSet);
    if (!inSet && this.isPunct(',')) {
      const list: NftExpr[] = [v];
      while (this.isPunct(',')) {
        this.next();
        list.push(this.atom(false));
      }
      v = list;
    }
    if (this.isPunct('|')) {
      const list: NftExpr[] = Array.isArray(v) ? [...(v as NftExpr[])] : [v];
      while (this.isPunct('|')) {
        this.next();
        list.push(this.atom(inSet));
      }
      v = list;
    }
    if (inSet && this.word() === '.') {
      const parts: NftExpr[] = [v];
      while (this.word() === '.') {
        this.next();
        parts.push(this.atom(true));
      }
      v = { concat: parts };
    }
    return v;
  }

  private atom(inSet: boolean): NftExpr {
    const t = this.next();
    if (t === undefined) throw new Error('value expected');
    if (t.kind === 'string') return t.text;
    if (t.kind === 'punct') {
      if (t.text === '{') return { set: this.setBody() };
      if (t.text === '(') {
        if (this.depth > 32) throw new Error('parentheses nest too deep');
        this.depth++;
        const v = this.value();
        if (!this.isPunct(')')) throw new Error(') expected');
        this.next();
        this.depth--;
        return v;
      }
      throw new Error(`unexpected '${t.text}'`);
    }
    if (t.kind === 'nl') throw new Error('value expected');
    if (t.text.startsWith('$')) return this.expand(t.text.slice(1), inSet);
    return t.text;
  }

  private setBody(): NftExpr[] {
    if (this.depth > 32) throw new Error('sets nest too deep');
    this.depth++;
    const out: NftExpr[] = [];
    for (;;) {
      while (this.isPunct(',')) this.next();
      if (this.isPunct('}')) {
        this.next();
        break;
      }
      if (this.peek() === undefined) throw new Error('} expected');
      const key = this.value(true);
      // Element options: timeout, expires, comment, counter.
      while (/^(timeout|expires|comment|counter|packets|bytes)$/.test(this.word() ?? '')) {
        const k = this.next()!.text;
        if (k !== 'counter') this.next();
      }
      if (this.word() === ':') {
        this.next();
        const w = this.word();
        if (w !== undefined && (VERDICTS.has(w) || w === 'jump' || w === 'goto')) {
          this.next();
          if (w === 'jump' || w === 'goto') out.push([key, { [w]: { target: this.next()?.text ?? '' } }]);
          else out.push([key, { [w]: null }]);
        } else out.push([key, this.value(true)]);
      } else out.push(key);
    }
    this.depth--;
    return out;
  }

  private expand(name: string, inSet: boolean): NftExpr {
    const tokens = this.defines.get(name);
    if (tokens === undefined) throw new Error(`undefined variable $${name}`);
    if (this.depth > 16) throw new Error('defines nest too deep');
    const sub = new RuleSyntax(tokens, this.defines);
    sub.depth = this.depth + 1;
    const v = sub.value(inSet);
    // A define of a set used inside a set is merged into it by nft.
    return v;
  }
}

export const isObject = (e: NftExpr | undefined): e is NftObject =>
  typeof e === 'object' && e !== null && !Array.isArray(e);
