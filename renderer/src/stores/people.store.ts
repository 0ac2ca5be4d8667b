// The organisation's people as this computer knows them (main's directory, users.list): names, emails and what is
// known of each key. The share dialog, the groups view and the profile dialog read it; verifying or accepting a
// key replaces that person here, so every place showing their key warning updates at once. Also which person's
// profile is open.
import { create } from 'zustand';
import type { MethodResponse } from '../../../common/ipc';
import { call, sentence } from '../api';

export type Person = MethodResponse<'users.list'>['users'][number];
export type KeyView = Person['key'];

interface PeopleState {
  /** Null until the directory was read once. */
  readonly people: readonly Person[] | null;
  readonly me: string | null;
  readonly isAdmin: boolean;
  readonly error: string | null;
  /** The person whose profile (key details) is open. */
  readonly profileId: string | null;
  load(): Promise<void>;
  /** Marks the person's key verified; the fingerprint is the one the user compared. */
  verify(userId: string, fingerprint: string): Promise<void>;
  /** Trusts the person's changed key after comparing its new fingerprint. */
  accept(userId: string, fingerprint: string): Promise<void>;
  openProfile(userId: string): void;
  closeProfile(): void;
  reset(): void;
}

let generation = 0;

export const usePeopleStore = create<PeopleState>()((set, get) => {
  const replace = (person: Person) => {
    const people = get().people;
    if (people) set({ people: people.map((p) => (p.id === person.id ? person : p)) });
  };
  return {
    people: null,
    me: null,
    isAdmin: false,
    error: null,
    profileId: null,

    async load() {
      const mine = generation;
      try {
        const { users, me } = await call(window.tessera.users.list());
        if (mine === generation) set({ people: users, me: me.id, isAdmin: me.isAdmin, error: null });
      } catch (e) {
        if (mine === generation) set({ error: sentence(e) });
      }
    },

    async verify(userId, fingerprint) {
      replace(await call(window.tessera.users.verifyKey({ userId, fingerprint })));
    },

    async accept(userId, fingerprint) {
      replace(await call(window.tessera.users.acceptKey({ userId, fingerprint })));
    },

    openProfile: (profileId) => set({ profileId }),
    closeProfile: () => set({ profileId: null }),

    reset() {
      generation += 1;
      set({ people: null, me: null, isAdmin: false, error: null, profileId: null });
    },
  };
});

/** The person with this id, if the directory knows them. */
export function personById(people: readonly Person[] | null, id: string): Person | undefined {
  return people?.find((p) => p.id === id);
}

/** "Ada Lovelace", or the email when the profile has no name. */
export function personName(person: Pick<Person, 'firstName' | 'lastName' | 'username'>): string {
  return `${person.firstName} ${person.lastName}`.trim() || person.username;
}
