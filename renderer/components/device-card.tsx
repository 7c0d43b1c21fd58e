import type { ReactNode } from 'react';
import type { FileEntry } from '../store';
import type { DeviceSummary } from '../worker/summary';
import { ListsTable, PipelinesTable } from './device-tables';
import { plural, vendorLabel } from './labels';

function SupportChips({ device }: { device: DeviceSummary }): ReactNode {
  const { support } = device;
  return (
    <ul className="chips" aria-label="What Conduit models for this device">
      <li className={`chip ${support.filtering === 'full' ? 'ok' : 'caution'}`}>
        Filtering: {support.filtering}
      </li>
      <li
        className={`chip ${support.nat === 'modelled' ? 'ok' : support.nat === 'recorded' ? 'neutral' : 'caution'}`}
      >
        NAT: {support.nat === 'none' ? 'not modelled' : support.nat}
      </li>
      <li className={`chip ${support.routes === 'modelled' ? 'ok' : 'neutral'}`}>
        Routes: {support.routes === 'absent' ? 'none in config' : 'modelled'}
      </li>
    </ul>
  );
}

export interface DeviceCardProps {
  readonly device: DeviceSummary;
  readonly file: FileEntry;
  /** 2 when the card is the page (device view), 3 inside the overview. */
  readonly headingLevel?: 2 | 3;
}

/** One imported device: what it is, its rule lists, where they apply, what is (not) modelled. */
export function DeviceCard({ device, file, headingLevel = 3 }: DeviceCardProps): ReactNode {
  const headingId = `device-${device.key.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article className="card device-card" aria-labelledby={headingId}>
      <header className="card-header">
        <div>
          <Heading id={headingId} className={`device-name${headingLevel === 2 ? ' is-page' : ''}`}>
            {device.name}
          </Heading>
          <p className="device-source">
            <span className="vendor-badge">{vendorLabel(device.vendor)}</span>
            <span className="mono">{file.name}</span>
          </p>
        </div>
        <dl className="device-stats">
          <div>
            <dt>Rules</dt>
            <dd>{device.ruleCount.toLocaleString('en-US')}</dd>
          </div>
          <div>
            <dt>Lists</dt>
            <dd>{device.lists.length}</dd>
          </div>
          <div>
            <dt>Interfaces</dt>
            <dd>{device.interfaces.length}</dd>
          </div>
          <div>
            <dt>NAT rules</dt>
            <dd>{device.natCount}</dd>
          </div>
        </dl>
      </header>
      <SupportChips device={device} />
      <div className="card-body">
        <ListsTable device={device} />
        <PipelinesTable device={device} />
        {device.interfaces.length > 0 && (
          <div className="interfaces">
            <h4 className="table-caption">Interfaces named in rules</h4>
            <ul className="chips">
              {device.interfaces.map((i) => (
                <li key={i.name} className="chip mono neutral">
                  {i.name}
                  {i.zone !== undefined && ` · ${i.zone}`}
                  {i.addresses.length > 0 && ` · ${i.addresses.join(', ')}`}
                </li>
              ))}
            </ul>
          </div>
        )}
        {device.support.notes.length > 0 && (
          <ul className="support-notes" aria-label="Modelling notes">
            {device.support.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        )}
      </div>
      <footer className="card-footer">
        {plural(device.bindings.length, 'binding')} · {plural(device.zones.length, 'zone')} ·{' '}
        {plural(device.routeCount, 'route')}
      </footer>
    </article>
  );
}
