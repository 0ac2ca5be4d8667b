// A person in a search's list of matches: initial, name, email, and their key's fingerprint with its mark.
import { KeyLine } from '../../components/people/key-facts';
import { Untrusted } from '../../components/untrusted';
import { personName, type Person } from '../../stores/people.store';
import { initial } from '../../text/format';

export function PersonOption({ person }: { readonly person: Person }) {
  return (
    <span className="match">
      <span className="avatar share-avatar" aria-hidden="true">{initial(personName(person))}</span>
      <span className="match-text">
        <Untrusted value={personName(person)} className="match-name" noTitle />
        <span className="match-sub"><Untrusted value={person.username} noTitle /></span>
        <KeyLine keyView={person.key} />
      </span>
    </span>
  );
}
