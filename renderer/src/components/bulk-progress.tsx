// The progress of a long operation: items encrypted out of all, then the final request; Cancel until that request
// leaves (main cancels before it, so the server is unchanged).
import type { BulkOperation } from '../hooks/use-bulk-operation';

interface BulkProgressProps {
  readonly operation: BulkOperation;
  /** What is being done, e.g. "Adding Bob Builder". */
  readonly label: string;
  /** What main counts: the items encrypted (adding a group member) or the people encrypted for (sharing). */
  readonly counting: 'items' | 'people';
}

export function BulkProgressBar({ operation, label, counting }: BulkProgressProps) {
  const { progress, cancelling, cancel } = operation;
  const total = progress?.total ?? 0;
  const done = progress?.done ?? 0;
  const preparing = progress === null || progress.phase === 'preparing';
  const sending = !preparing && (progress.phase === 'sending' || done >= total);
  const text = preparing ? 'Preparing…'
    : sending ? 'Saving on the server…'
      : counting === 'items' ? `${done.toLocaleString()} of ${total.toLocaleString()} items encrypted`
        : `Encrypted for ${done.toLocaleString()} of ${total.toLocaleString()} people`;
  return (
    <div className="bulk" data-testid="bulk-progress">
      <div className="bulk-line">
        <span className="bulk-label">{label}</span>
        <span className="bulk-count">{cancelling ? 'Cancelling…' : text}</span>
      </div>
      <progress
        className="bulk-bar"
        aria-label={label}
        max={total || 1}
        value={preparing ? undefined : done}
        aria-valuetext={text}
      />
      <div className="bulk-actions">
        <button type="button" className="button button-secondary button-small" onClick={cancel} disabled={cancelling || sending}
          title={sending ? 'The change is being saved; it can no longer be cancelled' : 'Stop before anything is sent; nothing changes'}>
          Cancel
        </button>
      </div>
    </div>
  );
}
