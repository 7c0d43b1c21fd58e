import { useState, type FormEvent, type ReactNode } from 'react';
import type { ReportFormat } from '../analysis/types';
import type { Host } from '../host';
import { selectAnalysis, selectEdits, selectNotify, selectReport, useAppStore } from '../store';
import { TOOL_VERSION } from '../version';
import { Dialog } from './dialog';

type ExportFormat = ReportFormat | 'pdf';

const FORMATS: readonly { id: ExportFormat; label: string; hint: string }[] = [
  { id: 'html', label: 'HTML report', hint: 'One self-contained file: no scripts, no network; prints well.' },
  {
    id: 'pdf',
    label: 'PDF report',
    hint: 'The same report printed, with page numbers and a table of contents.',
  },
  {
    id: 'csv',
    label: 'CSV tables',
    hint: 'Paths (one row per hop), findings, egress gaps, the zone matrix.',
  },
  { id: 'json', label: 'JSON', hint: 'Everything, in the documented report schema.' },
  {
    id: 'graphml',
    label: 'GraphML',
    hint: 'The zone graph and the asset graph, for yEd, Gephi or Cytoscape.',
  },
];

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** `Riverbend Water Treatment` -> `riverbend-water-treatment`. */
export function fileStem(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'site'
  );
}

/**
 * File > Export report: the analysis on screen as the auditor's report, the same document the
 * CLI writes (`conduit analyze --html/--pdf/--csv/--report-json/--graphml`).
 */
export function ExportDialog({ host, onClose }: { host: Host; onClose: () => void }): ReactNode {
  const analysis = useAppStore(selectAnalysis);
  const edits = useAppStore(selectEdits);
  const report = useAppStore(selectReport);
  const notify = useAppStore(selectNotify);
  const [format, setFormat] = useState<ExportFormat>('html');
  const [title, setTitle] = useState(analysis?.site ?? '');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pdfUnsupported = host.kind === 'browser';

  const submit = async (event?: FormEvent): Promise<void> => {
    event?.preventDefault();
    if (!analysis || busy) return;
    setBusy(true);
    setError(null);
    const stem = fileStem(title || analysis.site);
    const job = {
      title: title.trim() && title.trim() !== analysis.site ? title.trim() : null,
      note: note.trim() || null,
      generatedAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      toolVersion: TOOL_VERSION,
    };
    try {
      if (format === 'pdf') {
        const outcome = await host.exportPdf({
          suggestedName: `${stem}.pdf`,
          generatedAt: job.generatedAt,
          render: async (pages) => {
            const out = await report({ ...job, format: 'html', ...(pages ? { pages } : {}) });
            return out.files[0]!.content;
          },
        });
        if (outcome.status === 'unsupported')
          throw new Error('this window cannot print PDF; export HTML and print it');
        if (outcome.status === 'saved')
          notify('info', `Report saved${outcome.location ? ` as ${outcome.location}` : ''}`);
      } else {
        const out = await report({ ...job, format });
        let saved = 0;
        for (const file of out.files) {
          const name =
            out.files.length === 1 ? `${stem}.${file.name.split('.').pop()}` : `${stem}-${file.name}`;
          const outcome = await host.saveFile({
            suggestedName: name,
            kind: file.kind,
            content: file.content,
          });
          if (outcome.status === 'cancelled') break;
          saved++;
        }
        if (saved > 0) notify('info', `Exported ${saved === 1 ? 'the report' : `${saved} files`}`);
      }
      onClose();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="Export report"
      onClose={onClose}
      className="export-dialog"
      actions={
        <>
          <button type="button" className="button secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="export-form" className="button primary" disabled={busy || !analysis}>
            {busy ? 'Exporting…' : 'Export'}
          </button>
        </>
      }
    >
      <form id="export-form" className="export-form" onSubmit={(e) => void submit(e)}>
        <fieldset className="edit-kinds">
          <legend className="field-label">Format</legend>
          {FORMATS.map((f) => {
            const disabled = f.id === 'pdf' && pdfUnsupported;
            return (
              <label key={f.id} className={`edit-kind${disabled ? ' is-disabled' : ''}`}>
                <input
                  type="radio"
                  name="format"
                  value={f.id}
                  checked={format === f.id}
                  disabled={disabled}
                  onChange={() => setFormat(f.id)}
                />
                <span>
                  <strong>{f.label}</strong>
                  <span className="muted small">
                    {disabled ? 'In the desktop app; here, export HTML and print it to PDF.' : f.hint}
                  </span>
                </span>
              </label>
            );
          })}
        </fieldset>
        <label className="field">
          <span className="field-label">Title</span>
          <input type="text" value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">Analyst note (on the title page)</span>
          <textarea rows={3} value={note} maxLength={4000} onChange={(e) => setNote(e.target.value)} />
        </label>
        {edits.length > 0 && (
          <p className="notice-inline small" role="note">
            The report describes the site as configured: the{' '}
            {edits.length === 1 ? 'what-if edit is' : `${edits.length} what-if edits are`} hypotheses and are
            not applied to it.
          </p>
        )}
        {error && (
          <p className="problem error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Dialog>
  );
}
