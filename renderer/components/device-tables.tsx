import { useState, type ReactNode } from 'react';
import type { DeviceSummary, ListSummary } from '../worker/summary';
import { partitionLists, pipelines } from '../view/device-view';
import { ATTACHMENT_LABELS } from './labels';

const FALL_THROUGH_LABELS = {
  permit: 'Permit (policy)',
  deny: 'Deny (policy)',
  'implicit-deny': 'Deny (implicit)',
  return: 'Return to caller',
} as const;

function ListRow({ list }: { list: ListSummary }): ReactNode {
  return (
    <tr className={list.ruleCount === 0 ? 'is-empty' : undefined}>
      <th scope="row" className="mono">
        {list.name}
        {list.uncertainCount > 0 && (
          <span className="count-pill warning" title="Rules whose match cannot be fully decided offline">
            {list.uncertainCount} uncertain
          </span>
        )}
      </th>
      <td className="num strong">{list.ruleCount}</td>
      <td className="num">{list.actions.permit || '–'}</td>
      <td className="num">{list.actions.deny || '–'}</td>
      <td className="num">{list.actions.jump || '–'}</td>
      <td className="num">{list.actions.other || '–'}</td>
      <td>
        <span className={`verdict ${list.fallThrough === 'implicit-deny' ? 'deny' : list.fallThrough}`}>
          {FALL_THROUGH_LABELS[list.fallThrough]}
        </span>
      </td>
      <td className="num mono">{list.line ?? '–'}</td>
    </tr>
  );
}

/** Rule lists with their rule counts by action; empty pass-through lists fold away. */
export function ListsTable({ device }: { device: DeviceSummary }): ReactNode {
  const [showAll, setShowAll] = useState(false);
  const { shown, noOps } = partitionLists(device);
  const rows = showAll ? device.lists : shown;
  if (device.lists.length === 0) return <p className="empty-note">No rule lists.</p>;
  return (
    <div>
      <table className="data-table">
        <caption className="table-caption">Rule lists</caption>
        <thead>
          <tr>
            <th scope="col">List</th>
            <th scope="col" className="num">
              Rules
            </th>
            <th scope="col" className="num">
              Permit
            </th>
            <th scope="col" className="num">
              Deny
            </th>
            <th scope="col" className="num">
              Jump
            </th>
            <th scope="col" className="num">
              Other
            </th>
            <th scope="col">When nothing matches</th>
            <th scope="col" className="num">
              Line
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((list) => (
            <ListRow key={list.name} list={list} />
          ))}
        </tbody>
      </table>
      {noOps.length > 0 && (
        <p className="table-note">
          {showAll
            ? `${noOps.length} of these lists are empty and let everything through.`
            : `${noOps.length} empty ${noOps.length === 1 ? 'list lets' : 'lists let'} everything through and ${noOps.length === 1 ? 'is' : 'are'} hidden.`}{' '}
          <button
            type="button"
            className="button link"
            aria-expanded={showAll}
            onClick={() => setShowAll(!showAll)}
          >
            {showAll ? 'Hide empty lists' : 'Show all lists'}
          </button>
        </p>
      )}
    </div>
  );
}

/** For each kind of traffic, the lists it meets in evaluation order. */
export function PipelinesTable({ device }: { device: DeviceSummary }): ReactNode {
  const rows = pipelines(device);
  if (rows.length === 0)
    return (
      <p className="empty-note">No list is bound: the device applies no filtering that Conduit can see.</p>
    );
  return (
    <table className="data-table">
      <caption className="table-caption">Where the lists apply</caption>
      <thead>
        <tr>
          <th scope="col">Traffic</th>
          <th scope="col">In</th>
          <th scope="col">Out</th>
          <th scope="col">Lists, in evaluation order</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={`${row.attachment}/${row.inInterface ?? ''}/${row.outInterface ?? ''}`}>
            <th scope="row">{ATTACHMENT_LABELS[row.attachment]}</th>
            <td className="mono">{row.inInterface ?? 'any'}</td>
            <td className="mono">{row.outInterface ?? 'any'}</td>
            <td>
              <ol className="pipeline">
                {row.steps.map((step, i) => (
                  <li key={`${step.list}/${i}`}>
                    <span
                      className={`step mono${step.noOp ? ' is-noop' : ''}`}
                      title={step.noOp ? 'Empty: lets everything through' : undefined}
                    >
                      {step.list}
                    </span>
                  </li>
                ))}
              </ol>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
