// Tessera's mark: four tiles of a mosaic.
export function Logo({ size = 40 }: { readonly size?: number }) {
  return (
    <svg className="logo" width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
      <rect x="3" y="3" width="12" height="12" rx="3" className="tile tile-a" />
      <rect x="17" y="3" width="12" height="12" rx="3" className="tile tile-b" />
      <rect x="3" y="17" width="12" height="12" rx="3" className="tile tile-b" />
      <rect x="17" y="17" width="12" height="12" rx="3" className="tile tile-c" />
    </svg>
  );
}

export function LockIcon() {
  return (
    <svg className="lock-icon" width="28" height="28" viewBox="0 0 24 24" aria-hidden="true">
      <rect x="5" y="10.5" width="14" height="10" rx="2.5" />
      <path d="M8 10.5V8a4 4 0 0 1 8 0v2.5" />
      <circle cx="12" cy="15.5" r="1.4" className="keyhole" />
    </svg>
  );
}
