import type { JunosAddressBook } from './model';
import type { JunosParser } from './parse';
import { type JunosStatement, LineKind, clip } from './statements';

/** Address-book entries, applications, prefix-lists and static routes: the objects policies and filters use. */

export function parseAddressBookEntry(
  p: JunosParser,
  st: JunosStatement,
  book: JunosAddressBook,
  at: number,
): void {
  const w = st.words;
  const what = w[at];
  const name = w[at + 1];
  if (name === undefined) return p.warn(st, 'unrecognized-line', 'address-book statement without a name');
  const source = p.ref(st.lines[at + 1] ?? st.line);
  if (what === 'address') {
    const rest = w.slice(at + 2);
    if (rest[0] === 'description') return p.kind(st.line, LineKind.Ignored);
    const [kind, value] =
      rest[0] === 'range-address' && rest[2] === 'to' && rest[3] !== undefined
        ? (['range', `${rest[1]!} to ${rest[3]}`] as const)
        : rest[0] === 'wildcard-address' && rest[1] !== undefined
          ? (['wildcard', rest[1]] as const)
          : rest[0] === 'dns-name' && rest[1] !== undefined
            ? (['dns-name', rest[1]] as const)
            : rest.length === 1
              ? (['prefix', rest[0]!] as const)
              : ([null, ''] as const);
    if (kind === null)
      return p.warn(
        st,
        'unrecognized-line',
        `address '${name}': '${clip(rest.join(' '))}' is not an address form the importer knows`,
      );
    if (book.addresses.has(name))
      p.warn(st, 'duplicate-definition', `address '${name}' is defined again; the later value wins`, 'info');
    book.addresses.set(name, { name, kind, value, source });
    return p.kind(st.line, LineKind.Modelled);
  }
  if (what === 'address-set') {
    let set = book.sets.get(name);
    if (!set) {
      set = { name, addresses: [], sets: [], source };
      book.sets.set(name, set);
    }
    const member = w[at + 3];
    if (w[at + 2] === 'description') return p.kind(st.line, LineKind.Ignored);
    if (member === undefined || (w[at + 2] !== 'address' && w[at + 2] !== 'address-set')) {
      return p.warn(
        st,
        'unrecognized-line',
        `address-set '${name}': expected 'address NAME' or 'address-set NAME'`,
      );
    }
    (w[at + 2] === 'address' ? set.addresses : set.sets).push({ name: member, source: p.ref(st.line) });
    return p.kind(st.line, LineKind.Modelled);
  }
  if (what === 'description') return p.kind(st.line, LineKind.Ignored);
  p.warn(st, 'unrecognized-line', `'${clip(what ?? '')}' is not an address-book entry`);
}

/** `inactiveAt` >= 0: the statement is inactive from that word on; only the policy's place is kept. */

export function parseApplication(p: JunosParser, st: JunosStatement): void {
  const w = st.words;
  const name = w[2];
  if (name === undefined) return p.warn(st, 'unrecognized-line', 'application without a name');
  const source = p.ref(st.lines[2] ?? st.line);
  if (w[1] === 'application-set') {
    let set = p.config.applicationSets.get(name);
    if (!set) {
      set = { name, members: [], source };
      p.config.applicationSets.set(name, set);
    }
    if (w[3] === 'description') return p.kind(st.line, LineKind.Ignored);
    if ((w[3] === 'application' || w[3] === 'application-set') && w[4] !== undefined) {
      set.members.push({ name: w[4], source: p.ref(st.line) });
      return p.kind(st.line, LineKind.Modelled);
    }
    return p.warn(st, 'unrecognized-line', `application-set '${name}': expected 'application NAME'`);
  }
  if (w[1] !== 'application')
    return p.warn(st, 'unrecognized-line', `'applications ${clip(w[1] ?? '')}' is not known`);
  let app = p.config.applications.get(name);
  if (!app) {
    app = { name, terms: new Map(), source };
    p.config.applications.set(name, app);
  }
  let rest = w.slice(3);
  let termName = '';
  if (rest[0] === 'term' && rest[1] !== undefined) {
    termName = rest[1];
    rest = rest.slice(2);
  }
  let term = app.terms.get(termName);
  if (!term) {
    term = { name: termName, fields: new Map(), source: p.ref(st.line) };
    app.terms.set(termName, term);
  }
  if (rest.length === 0) return p.kind(st.line, LineKind.Modelled);
  // A term may carry several `key value` pairs on one line (`term t1 protocol tcp destination-port 80`).
  let unknown = '';
  for (let k = 0; k < rest.length; k += 2) {
    const key = rest[k]!;
    const value = rest[k + 1];
    if (value === undefined) {
      unknown ||= key;
      break;
    }
    if (MODELLED_APP_FIELDS.has(key)) term.fields.set(key, { value, source: p.ref(st.line) });
    else if (key === 'alg' || key === 'application-protocol') {
      if (value !== 'ignore') term.fields.set('alg', { value, source: p.ref(st.line) });
    } else if (!IGNORED_APP_FIELDS.has(key)) unknown ||= key;
    if (key === 'description') break;
  }
  if (unknown)
    return p.warn(
      st,
      'uncertain-match',
      `application '${name}': '${clip(unknown)}' is not modelled; the application's match is uncertain`,
    );
  p.kind(st.line, LineKind.Modelled);
}

export function parsePrefixList(p: JunosParser, st: JunosStatement): void {
  const w = st.words;
  const name = w[2];
  if (name === undefined) return p.warn(st, 'unrecognized-line', 'prefix-list without a name');
  let list = p.config.prefixLists.get(name);
  if (!list) {
    list = { name, prefixes: [], applyPath: null, source: p.ref(st.lines[2] ?? st.line) };
    p.config.prefixLists.set(name, list);
  }
  if (w[3] === 'apply-path') list.applyPath = p.ref(st.line);
  else if (w[3] !== undefined) list.prefixes.push({ value: w[3], source: p.ref(st.line) });
  p.kind(st.line, LineKind.Modelled);
}

export function parseRoutingOptions(p: JunosParser, st: JunosStatement): void {
  // `routing-options rib inet6.0 static route P ...` holds the IPv6 static routes.
  const w =
    st.words[1] === 'rib' && st.words[2] === 'inet6.0' ? ['routing-options', ...st.words.slice(3)] : st.words;
  if (w[1] !== 'static' || w[2] !== 'route' || w[3] === undefined) return p.kind(st.line, LineKind.Ignored);
  const [kw, arg] = [w[4], w[5]];
  const source = p.ref(st.line);
  if ((kw === 'next-hop' || kw === 'qualified-next-hop') && arg !== undefined) {
    p.config.routes.push({ prefix: w[3], nextHop: arg, special: null, source });
  } else if (kw === 'discard' || kw === 'reject') {
    p.config.routes.push({ prefix: w[3], nextHop: null, special: kw, source });
  } else return p.kind(st.line, LineKind.Ignored);
  p.kind(st.line, LineKind.Modelled);
}

const MODELLED_APP_FIELDS = new Set([
  'protocol',
  'source-port',
  'destination-port',
  'icmp-type',
  'icmp-code',
  'icmp6-type',
  'icmp6-code',
]);
const IGNORED_APP_FIELDS = new Set([
  'inactivity-timeout',
  'description',
  'uuid',
  'rpc-program-number',
  'ttl-threshold',
  'snmp-command',
]);
