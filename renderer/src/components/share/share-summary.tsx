// What applying would do, from the server's dry run: who gains access and who loses it (directly or through a
// group), and a reminder of any newcomer's key that is new and unverified or otherwise in doubt, once per reason.
import type { MethodResponse } from '../../../../common/ipc';
import { AlertIcon } from '../../icons/icons';
import type { KeyView } from '../../stores/people.store';
import { Untrusted } from '../untrusted';

export type Simulation = MethodResponse<'share.simulate'>;

interface SummaryProps {
  readonly simulation: Simulation;
  readonly changes: number;
  /** The key of each person who gains access, as far as the directory knows it. */
  readonly newKeys: ReadonlyArray<{ readonly name: string; readonly keyView: KeyView | undefined }>;
}

function People({ title, people, tone }: { readonly title: string; readonly people: Simulation['added']; readonly tone: 'gain' | 'lose' }) {
  const headingId = `summary-${tone}`;
  return (
    <div className={`summary-group summary-${tone}`}>
      <h4 id={headingId} className="summary-heading">{title} <span className="count">{people.length.toLocaleString()}</span></h4>
      <ul className="summary-people" aria-labelledby={headingId}>
        {people.map((p) => <li key={p.userId}><Untrusted value={p.name} /></li>)}
      </ul>
    </div>
  );
}

export function ShareSummary({ simulation, changes, newKeys }: SummaryProps) {
  // People whose keys raise the same doubt share one line.
  const doubts = new Map<string, { names: string[]; refused: boolean }>();
  for (const { name, keyView } of newKeys) {
    if (!keyView?.warning) continue;
    const entry = doubts.get(keyView.warning) ?? { names: [], refused: keyView.previousFingerprint !== undefined };
    entry.names.push(name);
    doubts.set(keyView.warning, entry);
  }
  return (
    <section className="share-summary" aria-label="Summary of the changes" data-testid="share-summary">
      <h3 className="summary-title">Before you apply {changes === 1 ? 'this change' : `these ${changes} changes`}</h3>
      {simulation.added.length > 0 ? <People title="Gains access" people={simulation.added} tone="gain" /> : null}
      {simulation.removed.length > 0 ? <People title="Loses access" people={simulation.removed} tone="lose" /> : null}
      {simulation.added.length === 0 && simulation.removed.length === 0 ? (
        <p className="muted">Nobody gains or loses access; only roles change.</p>
      ) : null}
      {[...doubts].map(([warning, { names, refused }]) => (
        <p key={warning} className={refused ? 'key-notice key-notice-refused' : 'key-notice'} data-testid="summary-key-notice">
          <AlertIcon size={14} />
          <span className="summary-doubt">
            <span className="summary-doubt-names">
              {names.map((name, i) => (
                <span key={name}>{i > 0 ? ', ' : null}<strong><Untrusted value={name} /></strong></span>
              ))}
            </span>
            <span>{warning}</span>
          </span>
        </p>
      ))}
    </section>
  );
}
