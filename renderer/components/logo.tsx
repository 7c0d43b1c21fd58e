import type { ReactNode } from 'react';

/** Conduit's mark: two zones joined by a conduit. Decorative. */
export function Logo(): ReactNode {
  return (
    <svg className="logo" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false">
      <rect x="2" y="8" width="10" height="16" rx="2.5" className="logo-zone-it" />
      <rect x="20" y="8" width="10" height="16" rx="2.5" className="logo-zone-ot" />
      <path d="M12 16h8" className="logo-conduit" />
      <circle cx="16" cy="16" r="2.2" className="logo-node" />
    </svg>
  );
}
