import { useId, useMemo, useState, type ReactNode } from 'react';
import type { AnalysisView } from '../analysis/types';
import { levelLabel } from '../map/elements';

const SHOWN = 8;

interface Option {
  readonly value: string;
  readonly label: string;
  readonly meta: string;
  readonly search: string;
}

export function selectorOptions(view: Pick<AnalysisView, 'zones' | 'assets'>): Option[] {
  return [
    ...view.zones.map((z) => ({
      value: z.name,
      label: z.name,
      meta: `zone · ${levelLabel(z.level)}`,
      search: `${z.name} zone`.toLowerCase(),
    })),
    ...view.assets
      .filter((a) => !a.placeholder)
      .map((a) => ({
        value: a.name,
        label: a.name,
        meta: `${a.ip} · ${a.zone}${a.role ? ` · ${a.role}` : ''}`,
        search: `${a.name} ${a.ip} ${a.role ?? ''} ${a.zone}`.toLowerCase(),
      })),
  ];
}

export interface SelectorPickerProps {
  readonly label: string;
  readonly options: readonly Option[];
  readonly value: readonly string[];
  readonly onChange: (value: readonly string[]) => void;
  readonly emptyHint: string;
}

/** A searchable multi-pick of zones and assets; every control is a native button or input. */
export function SelectorPicker({
  label,
  options,
  value,
  onChange,
  emptyHint,
}: SelectorPickerProps): ReactNode {
  const [query, setQuery] = useState('');
  const id = useId();
  const q = query.trim().toLowerCase();
  const matches = useMemo(() => {
    if (!q) return [];
    const chosen = new Set(value);
    return options.filter((o) => !chosen.has(o.value) && o.search.includes(q)).slice(0, SHOWN);
  }, [options, q, value]);
  return (
    <div className="selector-picker" role="group" aria-labelledby={`${id}-label`}>
      <span id={`${id}-label`} className="field-label">
        {label}
      </span>
      <ul className="chips" aria-label={`${label}: chosen`}>
        {value.length === 0 && <li className="muted small">{emptyHint}</li>}
        {value.map((v) => (
          <li key={v} className="chip">
            <span>{v}</span>
            <button
              type="button"
              className="chip-remove"
              aria-label={`Remove ${v}`}
              onClick={() => onChange(value.filter((x) => x !== v))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <input
        type="search"
        className="search-input"
        placeholder="Search zones and assets"
        aria-label={`Search ${label.toLowerCase()}`}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && matches[0]) {
            onChange([...value, matches[0].value]);
            setQuery('');
          }
        }}
      />
      {matches.length > 0 && (
        <ul className="picker-options" aria-label={`${label}: matches`}>
          {matches.map((o) => (
            <li key={`${o.meta}:${o.value}`}>
              <button
                type="button"
                className="picker-option"
                onClick={() => {
                  onChange([...value, o.value]);
                  setQuery('');
                }}
              >
                <span className="picker-option-label">{o.label}</span>
                <span className="picker-option-meta">{o.meta}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
