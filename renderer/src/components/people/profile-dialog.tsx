// A colleague's profile as far as sharing cares: name, email, their key's fingerprint, when this computer first saw
// it and whether you verified it; with the action that fits (mark it verified, or accept a changed key), after
// explaining how to compare the fingerprint with them outside Tessera. Opened from the share dialog, the item's
// access list and a group's members.
import { useEffect, useState } from 'react';
import { sentence } from '../../api';
import { useNow } from '../../hooks/use-now';
import { CheckIcon } from '../../icons/icons';
import { personById, personName, usePeopleStore, type Person } from '../../stores/people.store';
import { agoIso, fullDate, initial } from '../../text/format';
import { visible } from '../../text/untrusted';
import { Dialog } from '../dialog';
import { Untrusted } from '../untrusted';
import { Fingerprint, KeyNotice, VerifiedMark } from './key-facts';

/** Shows the profile dialog of whoever the people store says, over whatever is open. */
export function ProfileDialogHost() {
  const profileId = usePeopleStore((s) => s.profileId);
  return profileId ? <ProfileDialog key={profileId} userId={profileId} /> : null;
}

function VerifyAction({ person }: { readonly person: Person }) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const { key } = person;
  const name = visible(person.firstName || personName(person), 60);
  if (done && key.verified) {
    return <p className="verify-done" role="status"><CheckIcon size={14} /> Verified. Tessera shares with this key without warning from now on.</p>;
  }
  if (!key.fingerprint || key.verified) return null;
  const changed = key.previousFingerprint !== undefined;

  const act = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const store = usePeopleStore.getState();
      await (changed ? store.accept(person.id, key.fingerprint as string) : store.verify(person.id, key.fingerprint as string));
      setDone(true);
    } catch (e) {
      setFailure(sentence(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="verify" aria-labelledby="verify-heading">
      <h3 id="verify-heading" className="verify-heading">{changed ? 'Check the new key' : 'Verify this key'}</h3>
      <p className="verify-how" id="verify-how">
        {changed
          ? `Ask ${name} to read their new fingerprint to you, in person or on a call where you know their voice (not by email or chat). If every group matches the one above, accept it; Tessera then shares with the new key.`
          : `Ask ${name} to read their fingerprint to you, in person or on a call where you know their voice (not by email or chat), and compare every group with the one above. Mark it verified only if all of them match.`}
      </p>
      {failure ? <p className="form-error" role="alert">{failure}</p> : null}
      <div>
        <button type="button" className="button button-primary" onClick={() => void act()} disabled={busy} aria-describedby="verify-how">
          {busy ? 'Saving…' : changed ? 'Accept new key' : 'Mark as verified'}
        </button>
      </div>
    </section>
  );
}

function ProfileDialog({ userId }: { readonly userId: string }) {
  const people = usePeopleStore((s) => s.people);
  const me = usePeopleStore((s) => s.me);
  const error = usePeopleStore((s) => s.error);
  const close = usePeopleStore((s) => s.closeProfile);
  const [loaded, setLoaded] = useState(false);
  const now = useNow(30_000);
  const person = personById(people, userId);

  // Read again on opening: a sync since the last read may have brought a new key.
  useEffect(() => {
    void usePeopleStore.getState().load().then(() => setLoaded(true));
  }, []);

  let body;
  if (!person) {
    body = !loaded && !error ? <p className="muted" aria-busy="true">Loading…</p>
      : <p role="alert">{error ?? 'This person is not known to this computer yet. Sync, then try again.'}</p>;
  } else {
    const { key } = person;
    const isMe = person.id === me;
    body = (
      <>
        <div className="profile-who">
          <span className="avatar profile-avatar" aria-hidden="true">{initial(personName(person))}</span>
          <div className="profile-names">
            <strong className="profile-name"><Untrusted value={personName(person)} /></strong>
            <Untrusted value={person.username} className="profile-email" />
          </div>
          {person.role === 'admin' ? <span className="role-badge">Administrator</span> : null}
        </div>
        <dl className="profile-facts">
          <div>
            <dt>Fingerprint</dt>
            <dd>{key.fingerprint ? <Fingerprint value={key.fingerprint} large /> : <span className="muted">No key yet: they have not finished joining.</span>}</dd>
          </div>
          {key.previousFingerprint ? (
            <div>
              <dt>First seen key</dt>
              <dd><Fingerprint value={key.previousFingerprint} /></dd>
            </div>
          ) : null}
          <div>
            <dt>First seen</dt>
            <dd>{key.firstSeen ? <span title={fullDate(key.firstSeen)}>{agoIso(key.firstSeen, now)} · {fullDate(key.firstSeen)}</span> : <span className="muted">Before this computer kept the date</span>}</dd>
          </div>
          <div>
            <dt>Status</dt>
            <dd role="status" data-testid="key-status">{isMe ? <span className="key-mark key-mark-verified"><CheckIcon size={12} /> Your own key</span> : <VerifiedMark keyView={key} />}</dd>
          </div>
        </dl>
        {isMe ? null : <KeyNotice keyView={key} />}
        {isMe ? null : <VerifyAction person={person} />}
      </>
    );
  }

  return (
    <Dialog title="Profile" onClose={close}>
      <div className="dialog-body profile">{body}</div>
      <footer className="dialog-footer">
        <button type="button" className="button button-quiet" onClick={close} data-autofocus>Close</button>
      </footer>
    </Dialog>
  );
}
