// Which screen the window shows: first run (no account), unlock (accounts, vault locked) or the vault. Holds the
// account list and the session facts main reports, never a passphrase.
import { create } from 'zustand';
import type { AccountView, MethodResponse, SessionStatus } from '../../../common/ipc';
import { call, sentence } from '../api';
import type { LockReason } from '../text/format';

export type Phase = 'loading' | 'failed' | 'first-run' | 'locked' | 'unlocked';

type UnlockResult = MethodResponse<'session.unlock'>;

interface SessionState {
  readonly phase: Phase;
  /** Why loading failed, as a sentence. */
  readonly failure: string | null;
  readonly accounts: readonly AccountView[];
  /** The account the unlock screen is for, or the unlocked one. */
  readonly accountId: string | null;
  readonly status: SessionStatus | null;
  readonly lockReason: LockReason | null;
  /** The first-run screen was opened from an existing account ("Add another account"). */
  readonly adding: boolean;
  /** An invitation opened from outside the app (tessera:// link), for the join form. */
  readonly invitation: string | null;

  load(): Promise<void>;
  chooseAccount(accountId: string): void;
  /** The vault was unlocked (by the unlock screen, or right after a join or a kit import). */
  /** The vault opened: here (the unlock answer) or in another window (main's session.unlocked event). */
  unlocked(result: Pick<UnlockResult, 'accountId'>): Promise<void>;
  /** Main locked the vault; the caller resets the vault stores. */
  locked(reason: LockReason): void;
  /** A join or import added an account that is not unlocked yet. */
  accountAdded(account: AccountView): void;
  startAdding(invitation?: string): void;
  stopAdding(): void;
}

async function fetchFacts() {
  const [list, status] = await Promise.all([call(window.tessera.account.list()), call(window.tessera.session.status())]);
  return { accounts: list.accounts, status };
}

export const useSessionStore = create<SessionState>()((set, get) => ({
  phase: 'loading',
  failure: null,
  accounts: [],
  accountId: null,
  status: null,
  lockReason: null,
  adding: false,
  invitation: null,

  async load() {
    try {
      const { accounts, status } = await fetchFacts();
      const current = get().accountId;
      const accountId = status.accountId ?? (accounts.some((a) => a.id === current) ? current : (accounts[0]?.id ?? null));
      const phase: Phase = !status.locked ? 'unlocked' : accounts.length === 0 ? 'first-run' : 'locked';
      set({ accounts, status, accountId, phase, failure: null });
    } catch (error) {
      set({ phase: 'failed', failure: sentence(error) });
    }
  },

  chooseAccount(accountId) {
    set({ accountId, lockReason: null });
  },

  async unlocked(result) {
    const { accounts, status } = await fetchFacts().catch(() => ({ accounts: get().accounts, status: get().status }));
    set({ phase: 'unlocked', accountId: result.accountId, accounts, status, lockReason: null, adding: false, invitation: null });
  },

  locked(reason) {
    const { phase, accounts, status } = get();
    if (phase === 'loading' || phase === 'failed') return;
    set({
      phase: accounts.length === 0 ? 'first-run' : 'locked',
      lockReason: reason,
      status: status ? { ...status, locked: true, offline: undefined } : status,
    });
  },

  accountAdded(account) {
    const accounts = [...get().accounts.filter((a) => a.id !== account.id), account];
    set({ accounts, accountId: account.id, phase: 'locked', adding: false, invitation: null, lockReason: null });
  },

  startAdding(invitation) {
    set({ adding: true, invitation: invitation ?? null });
  },

  stopAdding() {
    set({ adding: false, invitation: null });
  },
}));

export function accountName(account: AccountView | undefined): string {
  if (!account) return 'Unknown account';
  const name = `${account.firstName} ${account.lastName}`.trim();
  return name || account.username || 'Unnamed account';
}

export function serverHost(account: AccountView | undefined): string {
  if (!account) return '';
  try {
    return new URL(account.serverUrl).host;
  } catch {
    return account.serverUrl;
  }
}
