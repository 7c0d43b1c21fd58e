import { useState, type FormEvent, type ReactNode } from 'react';
import { type EditKind, type ProjectEdit, parseAddressList, parseServiceList } from '../../models/project';
import { selectAddEdit, useAppStore } from '../store';
import { Dialog } from './dialog';

/** The rule a what-if edit is about, as the views know it. */
export interface EditTarget {
  readonly device: string;
  readonly rule: string;
  /** `file:line` and the rule's text, to show which rule this is. */
  readonly where: string;
  readonly text: string;
  /** Prefills for narrow and deny-above: the rule's (or the hop's) source, destination, service. */
  readonly src: readonly string[];
  readonly dst: readonly string[];
  readonly service: readonly string[];
}

const KIND_LABELS: Readonly<Record<EditKind, string>> = {
  disable: 'Disable the rule',
  narrow: 'Narrow the rule',
  'deny-above': 'Add a deny above it',
};

const KIND_HINTS: Readonly<Record<EditKind, string>> = {
  disable: 'As if the rule were removed from the config: a later rule or the default decides instead.',
  narrow: 'The rule keeps only the traffic inside what you give here (intersected with what it matches now).',
  'deny-above': 'A deny rule for this traffic is inserted right above the rule.',
};

const split = (text: string): string[] =>
  text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Services are split on whitespace and `;` only: `tcp/80,443` is one item. */
const splitServices = (text: string): string[] =>
  text
    .split(/[\s;]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * What-if on one rule: disable it, narrow it, or add a deny above it. Addresses and services are
 * checked as they are typed, with the same parser the project file uses, and the edit is only
 * offered when they parse.
 */
export function EditDialog({
  target,
  initialKind = 'disable',
  onApply,
  onClose,
}: {
  readonly target: EditTarget;
  readonly initialKind?: EditKind;
  readonly onApply: (edit: ProjectEdit) => void;
  readonly onClose: () => void;
}): ReactNode {
  const [kind, setKind] = useState<EditKind>(initialKind);
  const [src, setSrc] = useState(target.src.join(', '));
  const [dst, setDst] = useState(target.dst.join(', '));
  const [service, setService] = useState(target.service.join(' '));
  const [note, setNote] = useState('');

  const srcItems = split(src);
  const dstItems = split(dst);
  const serviceItems = splitServices(service);
  const srcError = kind !== 'disable' && srcItems.length > 0 ? errorOf(parseAddressList(srcItems)) : null;
  const dstError = kind !== 'disable' && dstItems.length > 0 ? errorOf(parseAddressList(dstItems)) : null;
  const serviceError =
    kind !== 'disable' && serviceItems.length > 0 ? errorOf(parseServiceList(serviceItems)) : null;
  const empty = kind === 'narrow' && srcItems.length + dstItems.length + serviceItems.length === 0;
  const invalid = srcError !== null || dstError !== null || serviceError !== null || empty;

  const submit = (event?: FormEvent): void => {
    event?.preventDefault();
    if (invalid) return;
    const base = { device: target.device, rule: target.rule, ...(note.trim() ? { note: note.trim() } : {}) };
    if (kind === 'disable') onApply({ kind, ...base });
    else if (kind === 'narrow')
      onApply({
        kind,
        ...base,
        ...(srcItems.length ? { src: srcItems } : {}),
        ...(dstItems.length ? { dst: dstItems } : {}),
        ...(serviceItems.length ? { service: serviceItems } : {}),
      });
    else
      onApply({
        kind,
        ...base,
        src: srcItems.length ? srcItems : ['any'],
        dst: dstItems.length ? dstItems : ['any'],
        service: serviceItems.length ? serviceItems : ['any'],
      });
  };

  return (
    <Dialog
      title="What if…"
      onClose={onClose}
      className="edit-dialog"
      actions={
        <>
          <button type="button" className="button secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="edit-form" className="button primary" disabled={invalid}>
            Apply and re-analyse
          </button>
        </>
      }
    >
      <form id="edit-form" onSubmit={submit} className="edit-form">
        <p className="edit-rule">
          <span className="hop-device">{target.device}</span>{' '}
          <span className="mono muted small">{target.where}</span>
          <code className="mono edit-rule-text">{target.text.trim()}</code>
        </p>
        <fieldset className="edit-kinds">
          <legend className="sr-only">Change</legend>
          {(Object.keys(KIND_LABELS) as EditKind[]).map((k) => (
            <label key={k} className="edit-kind">
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
              <span>
                <strong>{KIND_LABELS[k]}</strong>
                <span className="muted small">{KIND_HINTS[k]}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {kind !== 'disable' && (
          <div className="edit-fields">
            <Field
              label="Source"
              value={src}
              onChange={setSrc}
              error={srcError}
              hint="Addresses, CIDRs or ranges; empty: any"
            />
            <Field
              label="Destination"
              value={dst}
              onChange={setDst}
              error={dstError}
              hint="Addresses, CIDRs or ranges; empty: any"
            />
            <Field
              label="Service"
              value={service}
              onChange={setService}
              error={serviceError}
              hint="tcp/3389, udp/53, tcp/5900-5903, icmp, any; separate with spaces"
            />
            {empty && (
              <p className="problem error small">Give at least one of source, destination or service.</p>
            )}
          </div>
        )}
        <label className="field">
          <span className="field-label">Note (saved with the project)</span>
          <input type="text" value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
        </label>
      </form>
    </Dialog>
  );
}

function errorOf(parsed: { ok: boolean; error?: string }): string | null {
  return parsed.ok ? null : (parsed.error ?? 'not valid');
}

function Field({
  label,
  value,
  onChange,
  error,
  hint,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: string | null;
  hint: string;
}): ReactNode {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input
        type="text"
        className="mono"
        value={value}
        spellCheck={false}
        aria-invalid={error !== null}
        onChange={(e) => onChange(e.target.value)}
      />
      <span className={`small ${error ? 'field-error' : 'muted'}`}>{error ?? hint}</span>
    </label>
  );
}

/**
 * The what-if dialog as a view uses it: `open(target)` shows it, and the element (null while
 * closed) goes somewhere in the view; applying adds the edit to the project and re-analyses.
 */
export function useEditDialog(): { readonly dialog: ReactNode; readonly open: (target: EditTarget) => void } {
  const [editing, setEditing] = useState<EditTarget | null>(null);
  const addEdit = useAppStore(selectAddEdit);
  const dialog = editing ? (
    <EditDialog
      target={editing}
      onClose={() => setEditing(null)}
      onApply={(edit) => {
        setEditing(null);
        addEdit(edit);
      }}
    />
  ) : null;
  return { dialog, open: setEditing };
}
