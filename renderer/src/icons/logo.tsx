// Tessera's mark: four tiles of a mosaic.
export function Logo({ size = 40 }: { readonly size?: number }) {
  return (
    <svg className="logo" width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect x="3" y="3" width="12" height="12" rx="3" className="tile tile-a" />
      <rect x="17" y="3" width="12" height="12" rx="3" className="tile tile-b" />
      <rect x="3" y="17" width="12" height="12" rx="3" className="tile tile-b" />
      <rect x="17" y="17" width="12" height="12" rx="3" className="tile tile-c" />
    </svg>
  );
}
