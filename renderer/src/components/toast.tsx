// The live region that announces copy confirmations. It is always in the page (a region created together with
// its message is often not read out) and shows the latest message for a few seconds.
import { AlertIcon, CheckIcon } from '../icons/icons';
import { useToastStore } from '../stores/toast.store';

export function Toast() {
  const { message, detail, tone, seq } = useToastStore();
  return (
    <div className="toast-region" role="status" aria-live="polite" aria-atomic="true">
      {message ? (
        <div key={seq} className={`toast toast-${tone}`} data-testid="toast">
          {tone === 'success' ? <CheckIcon className="toast-icon" /> : <AlertIcon className="toast-icon" />}
          <div className="toast-text">
            <p className="toast-message">{message}</p>
            {detail ? <p className="toast-detail">{detail}</p> : null}
          </div>
        </div>
      ) : null}
    </div>
  );
}
