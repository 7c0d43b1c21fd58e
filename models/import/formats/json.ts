import { type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';

/**
 * Line-aware JSON for the JSON importers (nftables `nft -j`, Check Point API exports): the value
 * tree of jsonc-parser with a way to turn any node's offset into a 1-based line, so rules and
 * diagnostics cite the line of the element they come from.
 */
export type JsonNode = Node;

export interface JsonDocument {
  /** The root node, or undefined when nothing could be read. */
  readonly root: JsonNode | undefined;
  /** Syntax errors with their lines; a document with errors still yields what could be read. */
  readonly errors: readonly { readonly message: string; readonly line: number }[];
  /** 1-based line of a character offset. */
  readonly lineOf: (offset: number) => number;
}

export function parseJson(text: string): JsonDocument {
  const starts = lineStarts(text);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  // jsonc-parser recurses once per level: hostile nesting would overflow the stack.
  const deep = tooDeep(text, MAX_DEPTH);
  if (deep !== null)
    return {
      root: undefined,
      errors: [{ message: `nested more than ${MAX_DEPTH} levels deep`, line: lineOf(deep) }],
      lineOf,
    };
  const raw: ParseError[] = [];
  const root = parseTree(text, raw, { allowTrailingComma: false, disallowComments: true });
  const errors = raw.map((e) => ({
    message: describe(printParseErrorCode(e.error)),
    line: lineOf(e.offset),
  }));
  return { root, errors, lineOf };
}

/** Deeper than any firewall export; far below what overflows the parser's recursion. */
export const MAX_DEPTH = 512;

/** The offset where the nesting first goes deeper than `max` (outside strings), or null. */
function tooDeep(text: string, max: number): number | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \\ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return i;
    } else if (c === 125 || c === 93) depth--;
  }
  return null;
}

function describe(code: string): string {
  // 'PropertyNameExpected' -> 'property name expected'
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The value node of property `key` of an object node. */
export function prop(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.type !== 'object') return undefined;
  for (const p of node.children ?? []) {
    const [k, v] = p.children ?? [];
    if (k?.value === key) return v;
  }
  return undefined;
}

/** The property names of an object node, in order. */
export function keys(node: JsonNode | undefined): string[] {
  if (node?.type !== 'object') return [];
  return (node.children ?? []).map((p) => String(p.children?.[0]?.value));
}

/** The elements of an array node (empty for anything else). */
export function items(node: JsonNode | undefined): JsonNode[] {
  return node?.type === 'array' ? (node.children ?? []) : [];
}

/** A string property, or undefined. */
export function str(node: JsonNode | undefined, key: string): string | undefined {
  const v = prop(node, key);
  return v?.type === 'string' ? (v.value as string) : undefined;
}

/** A number property, or undefined. */
export function num(node: JsonNode | undefined, key: string): number | undefined {
  const v = prop(node, key);
  return v?.type === 'number' ? (v.value as number) : undefined;
}

/** A boolean property, or undefined. */
export function bool(node: JsonNode | undefined, key: string): boolean | undefined {
  const v = prop(node, key);
  return v?.type === 'boolean' ? (v.value as boolean) : undefined;
}

/** The plain JavaScript value of a node (objects, arrays, scalars). */
export function valueOf(node: JsonNode | undefined): unknown {
  if (node === undefined) return undefined;
  switch (node.type) {
    case 'object': {
      // defineProperty, not assignment: a hostile `"__proto__"` key must stay a plain key
      // instead of replacing the object's prototype.
      const out: Record<string, unknown> = {};
      for (const p of node.children ?? []) {
        const [k, v] = p.children ?? [];
        if (k)
          Object.defineProperty(out, String(k.value), {
            value: valueOf(v),
            enumerable: true,
            writable: true,
            configurable: true,
          });
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(valueOf);
    default:
      return node.value;
  }
}
