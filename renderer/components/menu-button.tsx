import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface MenuItem {
  readonly label: string;
  /** A shortcut shown beside the label (`Ctrl+S`). */
  readonly shortcut?: string;
  readonly disabled?: boolean;
  readonly onSelect: () => void;
}

export type MenuEntry = MenuItem | 'separator' | { readonly heading: string };

const isItem = (e: MenuEntry): e is MenuItem => typeof e === 'object' && 'onSelect' in e;

/**
 * A button that opens a menu, with the WAI-ARIA menu button keyboard model: Enter, Space or
 * ArrowDown open it on the first item, ArrowUp on the last; arrows, Home and End move; Escape
 * and Tab close it and focus returns to the button.
 */
export function MenuButton({
  label,
  entries,
  onOpen,
  className,
}: {
  readonly label: ReactNode;
  readonly entries: readonly MenuEntry[];
  /** Called as the menu opens (to refresh what it lists, such as recent projects). */
  readonly onOpen?: () => void;
  readonly className?: string;
}): ReactNode {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const button = useRef<HTMLButtonElement>(null);
  const items = useRef<(HTMLButtonElement | null)[]>([]);
  const root = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const enabled = entries.map((e, i) => (isItem(e) && !e.disabled ? i : -1)).filter((i) => i >= 0);

  useEffect(() => {
    if (!open) return undefined;
    items.current[active]?.focus();
    const onDown = (event: MouseEvent): void => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    window.addEventListener('mousedown', onDown);
    return () => window.removeEventListener('mousedown', onDown);
  }, [open, active]);

  const show = (at: 'first' | 'last'): void => {
    onOpen?.();
    setActive((at === 'first' ? enabled[0] : enabled.at(-1)) ?? 0);
    setOpen(true);
  };
  const close = (focusButton: boolean): void => {
    setOpen(false);
    if (focusButton) button.current?.focus();
  };
  const move = (delta: number): void => {
    const k = enabled.indexOf(active);
    const next = enabled[(k + delta + enabled.length) % enabled.length];
    if (next !== undefined) setActive(next);
  };

  const onMenuKey = (event: KeyboardEvent): void => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(1),
      ArrowUp: () => move(-1),
      Home: () => setActive(enabled[0] ?? 0),
      End: () => setActive(enabled.at(-1) ?? 0),
      Escape: () => close(true),
      Tab: () => close(false),
    };
    const action = keys[event.key];
    if (!action) return;
    if (event.key !== 'Tab') event.preventDefault();
    action();
  };

  return (
    <div className={`menu-button${className ? ` ${className}` : ''}`} ref={root}>
      <button
        ref={button}
        type="button"
        className="button ghost"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? close(false) : show('first'))}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            show(event.key === 'ArrowDown' ? 'first' : 'last');
          }
        }}
      >
        {label} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div id={menuId} role="menu" className="menu" onKeyDown={onMenuKey}>
          {entries.map((e, i) => {
            if (e === 'separator') return <div key={i} role="separator" className="menu-separator" />;
            if (!isItem(e))
              return (
                <div key={i} className="menu-heading" role="presentation">
                  {e.heading}
                </div>
              );
            return (
              <button
                key={i}
                ref={(el) => {
                  items.current[i] = el;
                }}
                type="button"
                role="menuitem"
                className="menu-item"
                tabIndex={i === active ? 0 : -1}
                disabled={e.disabled}
                aria-disabled={e.disabled}
                onClick={() => {
                  close(true);
                  e.onSelect();
                }}
              >
                <span>{e.label}</span>
                {e.shortcut && <span className="menu-shortcut">{e.shortcut}</span>}
              </button>
            );
          })}
        </div>
      )}
    </div>
  );
}
