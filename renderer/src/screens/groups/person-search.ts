// Finding people to add to a group: the organisation's directory as this computer knows it, by name or email,
// only those who finished joining and are not disabled.
import { personName, usePeopleStore, type Person } from '../../stores/people.store';

export async function searchPeople(query: string, exclude: ReadonlySet<string>): Promise<Person[]> {
  const store = usePeopleStore.getState();
  if (!store.people) await store.load();
  const q = query.trim().toLowerCase();
  return (usePeopleStore.getState().people ?? [])
    .filter((p) => p.active && !p.disabled && !exclude.has(p.id))
    .filter((p) => `${personName(p)} ${p.username}`.toLowerCase().includes(q))
    .slice(0, 20);
}
