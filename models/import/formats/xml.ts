import { SaxesParser } from 'saxes';

/**
 * A small, line-aware XML tree for the XML importers (PAN-OS, pfSense/OPNsense, nmap). Every
 * element knows the 1-based line of its start tag, so a rule or diagnostic can cite it. Text is
 * kept only for leaf content that matters to configs (trimmed concatenation of text nodes).
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** Concatenated text content directly inside this element (CDATA included), trimmed. */
  text: string;
  /** 1-based line of the start tag. */
  readonly line: number;
  /** 1-based line of the end tag (equal to `line` for `<a/>`). */
  endLine: number;
  readonly parent: XmlElement | null;
}

export interface XmlParseError {
  readonly message: string;
  /** 1-based line where the parser stopped. */
  readonly line: number;
}

export interface XmlDocument {
  /** The root element, or null when none was read before an error. */
  readonly root: XmlElement | null;
  /** The first well-formedness error; the tree holds what was read before it. */
  readonly error: XmlParseError | null;
}

/**
 * Parses XML text. Never throws: a malformed document yields the tree read so far and the error
 * with its line. External entities are never resolved (saxes does not fetch anything).
 */
export function parseXml(text: string): XmlDocument {
  const parser = new SaxesParser({ position: true });
  let root: XmlElement | null = null;
  let current: XmlElement | null = null;
  let error: XmlParseError | null = null;
  const textParts = new Map<XmlElement, string[]>();
  // saxes carries on after a well-formedness error; what it reads then is a guess at the
  // author's intent, so the tree stops at the first error, as documented.
  const addText = (t: string): void => {
    if (current === null || error !== null) return;
    const parts = textParts.get(current);
    if (parts) parts.push(t);
    else textParts.set(current, [t]);
  };
  parser.on('opentag', (tag) => {
    if (error !== null) return;
    const attributes: Record<string, string> = {};
    for (const [k, v] of Object.entries(tag.attributes)) attributes[k] = String(v);
    const el: XmlElement = {
      name: tag.name,
      attributes,
      children: [],
      text: '',
      line: parser.line,
      endLine: parser.line,
      parent: current,
    };
    if (current) current.children.push(el);
    else if (root === null) root = el;
    current = el;
    if (tag.isSelfClosing) closeCurrent();
  });
  const closeCurrent = (): void => {
    if (current === null) return;
    const parts = textParts.get(current);
    if (parts) {
      current.text = parts.join('').trim();
      textParts.delete(current);
    }
    current.endLine = parser.line;
    current = current.parent;
  };
  parser.on('closetag', (tag) => {
    if (error === null && !tag.isSelfClosing) closeCurrent();
  });
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('error', (e) => {
    if (error === null) error = { message: cleanMessage(e.message), line: parser.line || 1 };
  });
  try {
    parser.write(text).close();
  } catch (e) {
    if (error === null)
      error = { message: cleanMessage(e instanceof Error ? e.message : String(e)), line: parser.line || 1 };
  }
  if (error === null && root === null) error = { message: 'no root element', line: 1 };
  return { root, error };
}

/** saxes prefixes messages with `line:column: `; the caller cites the line itself. */
function cleanMessage(message: string): string {
  return message.replace(/^\d+:\d+:\s*/, '');
}

/** The direct children named `name`. */
export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

/** The first direct child named `name`. */
export function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

/** Follows a path of child names (`child(child(el, a), b)...`). */
export function at(el: XmlElement | null | undefined, ...path: string[]): XmlElement | undefined {
  let cur = el ?? undefined;
  for (const name of path) {
    if (cur === undefined) return undefined;
    cur = child(cur, name);
  }
  return cur;
}

/** The trimmed text of the first child named `name`, or undefined when absent. */
export function childText(el: XmlElement, name: string): string | undefined {
  return child(el, name)?.text;
}
