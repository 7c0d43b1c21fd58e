import { useCallback, useMemo, type ReactNode } from 'react';
import type { Diagnostic } from '../../models/diagnostics';
import { diagnosticsToCsv } from '../export/diagnostics-csv';
import { useHost } from '../host';
import {
  selectNotify,
  findDevice,
  selectFiles,
  selectSelection,
  useAppStore,
  workspaceTotals,
  type FileEntry,
} from '../store';
import { DeviceCard } from './device-card';
import { DiagnosticsPanel } from './diagnostics-panel';
import { plural } from './labels';

/** Saves diagnostics as CSV (a download in the browser, a save dialog in Electron). */
function useExportIssues(): (diagnostics: readonly Diagnostic[]) => void {
  const host = useHost();
  const notify = useAppStore(selectNotify);
  return useCallback(
    (diagnostics) => {
      host
        .saveFile({
          suggestedName: 'conduit-issues.csv',
          kind: 'csv',
          content: diagnosticsToCsv(diagnostics),
        })
        .then((outcome) => {
          if (outcome.status === 'saved')
            notify(
              'info',
              outcome.location ? `Saved ${outcome.location}` : 'Issues exported as conduit-issues.csv',
            );
        })
        .catch((error: unknown) =>
          notify('error', `Could not save: ${error instanceof Error ? error.message : String(error)}`),
        );
    },
    [host, notify],
  );
}

function Stat({
  label,
  value,
  tone,
}: {
  label: string;
  value: number;
  tone?: 'error' | 'warning';
}): ReactNode {
  return (
    <div className={`stat${tone && value > 0 ? ` ${tone}` : ''}`}>
      <dt>{label}</dt>
      <dd>{value.toLocaleString('en-US')}</dd>
    </div>
  );
}

function FileProblems({ files }: { files: readonly FileEntry[] }): ReactNode {
  const failed = files.filter((f) => f.status === 'failed');
  const empty = files.filter((f) => f.status === 'imported' && f.devices.length === 0 && !f.inputKind);
  if (failed.length === 0 && empty.length === 0) return null;
  return (
    <ul className="file-problems">
      {failed.map((f) => (
        <li key={f.id} className="problem error">
          <strong>{f.name}</strong>: the importer failed ({f.error ?? 'unknown error'}).
        </li>
      ))}
      {empty.map((f) => (
        <li key={f.id} className="problem warning">
          <strong>{f.name}</strong>: no device could be imported; see the issues below.
        </li>
      ))}
    </ul>
  );
}

/** The main pane: every device and every issue, or one device and the issues of its file. */
export function Workspace(): ReactNode {
  const exportIssues = useExportIssues();
  const files = useAppStore(selectFiles);
  const selection = useAppStore(selectSelection);
  const totals = useMemo(() => workspaceTotals(files), [files]);
  const selected = selection.kind === 'device' ? findDevice(files, selection.key) : null;
  const selectedFiles = useMemo(() => (selected ? [selected.file] : files), [selected, files]);

  if (selected) {
    return (
      <div className="workspace">
        <DeviceCard device={selected.device} file={selected.file} headingLevel={2} />
        <DiagnosticsPanel
          files={selectedFiles}
          title={`Issues in ${selected.file.name}`}
          onExport={exportIssues}
        />
      </div>
    );
  }

  const devices = files.flatMap((file) => file.devices.map((device) => ({ file, device })));
  return (
    <div className="workspace">
      <h2 className="page-title">Overview</h2>
      <dl className="stats" aria-label="Totals">
        <Stat label="Files" value={totals.files} />
        <Stat label="Devices" value={totals.devices} />
        <Stat label="Rules" value={totals.rules} />
        <Stat label="Errors" value={totals.diagnostics.error} tone="error" />
        <Stat label="Warnings" value={totals.diagnostics.warning} tone="warning" />
      </dl>
      <FileProblems files={files} />
      <section aria-labelledby="devices-title" className="devices">
        <h2 id="devices-title" className="section-title">
          Devices <span className="section-count">{plural(devices.length, 'device')}</span>
        </h2>
        {devices.length === 0 ? (
          <p className="empty-note">No devices yet.</p>
        ) : (
          devices.map(({ file, device }) => <DeviceCard key={device.key} device={device} file={file} />)
        )}
      </section>
      <DiagnosticsPanel files={files} title="Import issues" onExport={exportIssues} />
    </div>
  );
}
