// What the window says about a colleague's key wherever it shows one: the fingerprint in groups of four, a
// verified mark, and a warning (new and unverified, made out to another email) or the refusal of a changed key.
import { AlertIcon, CheckIcon } from '../../icons/icons';
import type { KeyView } from '../../stores/people.store';
import { groupedFingerprint } from '../../text/format';

export function Fingerprint({ value, large = false }: { readonly value: string; readonly large?: boolean }) {
  return (
    <span className={large ? 'key-fingerprint key-fingerprint-large' : 'key-fingerprint'} data-testid="fingerprint">
      {groupedFingerprint(value)}
    </span>
  );
}

/** "Verified" with a check, or "Not verified". */
export function VerifiedMark({ keyView }: { readonly keyView: KeyView }) {
  if (keyView.previousFingerprint) return <span className="key-mark key-mark-changed">Key changed</span>;
  return keyView.verified ? (
    <span className="key-mark key-mark-verified"><CheckIcon size={12} /> Verified</span>
  ) : (
    <span className="key-mark">Not verified</span>
  );
}

/** The warning or refusal sentence main gave for this key, if any. */
export function KeyNotice({ keyView }: { readonly keyView: KeyView }) {
  if (!keyView.warning) return null;
  const refused = keyView.previousFingerprint !== undefined;
  return (
    <p className={refused ? 'key-notice key-notice-refused' : 'key-notice'} data-testid={refused ? 'key-refusal' : 'key-warning'}>
      <AlertIcon size={14} />
      <span>{refused ? `${keyView.warning} Tessera refuses to share with this key until you accept it.` : keyView.warning}</span>
    </p>
  );
}

/** One line under a person's name: fingerprint and mark. */
export function KeyLine({ keyView }: { readonly keyView: KeyView }) {
  return (
    <span className="key-line">
      {keyView.fingerprint ? <Fingerprint value={keyView.fingerprint} /> : <span className="muted">No key yet</span>}
      <VerifiedMark keyView={keyView} />
    </span>
  );
}
