// Trust on first use for OpenPGP keys the server hands out: the server's own key is
// pinned when the account is added, each user's key the first time the client sees it. A changed key is refused
// (login for the server key, sharing for a user key) until the user checks and accepts the new fingerprint.
import { DomainError } from '../../common/ipc';
import type { ServerKey } from '../api/auth-api';
import type { VaultStore } from './ports';

const SERVER_PIN = 'pin.server';
/** The armored server key last checked against the pin: an identical key needs no parsing at the next login. */
const SERVER_KEY_SEEN = 'pin.server.armored';
const USER_PINS = 'pin.users';
/** When each pin was made and, if the user verified it, the fingerprint they verified. */
const USER_PIN_FACTS = 'pin.users.facts';

interface PinFacts {
  /** Unix ms of first sight (or of accepting a changed key). */
  firstSeen: number;
  /** The fingerprint the user compared with its owner and marked verified. */
  verified?: string;
}

/** What the app can say about a user's key. */
export interface UserKeyTrust {
  pinned: string | undefined;
  firstSeen: number | undefined;
  /** The pinned key is the one the user verified. */
  verified: boolean;
}

export interface KeyFacts {
  readKeyInfo(armoredKey: string): Promise<{ fingerprint: string }>;
}

export interface KeyChange {
  userId: string;
  pinned: string;
  current: string;
}

export function formatFingerprint(fp: string): string {
  return fp.toUpperCase().replace(/(.{4})/g, '$1 ').trim();
}

export class ServerKeyChangedError extends DomainError {
  constructor(readonly pinned: string, readonly current: string) {
    super('KEY_CHANGED',
      `The server's identity key has changed since this account was set up, so Tessera refuses to sign in. ` +
      `This can mean someone is impersonating the server. Ask your administrator whether the key was replaced. ` +
      `Known key: ${formatFingerprint(pinned)}. Key offered now: ${formatFingerprint(current)}.`);
  }
}

export class UserKeyChangedError extends DomainError {
  constructor(readonly changes: readonly (KeyChange & { username?: string })[]) {
    const list = changes.map((c) => `${c.username ?? c.userId}: known ${formatFingerprint(c.pinned)}, now ${formatFingerprint(c.current)}`);
    super('KEY_CHANGED',
      `The encryption key of ${changes.length === 1 ? 'a recipient' : `${changes.length} recipients`} changed since Tessera first saw it, ` +
      `so nothing was shared with them. Check the new fingerprint with the person before trusting it. ${list.join('; ')}.`);
  }
}

export class KeyTrust {
  private userPins: Record<string, string> | undefined;
  private pinFacts: Record<string, PinFacts> | undefined;

  constructor(
    private readonly store: Pick<VaultStore, 'getSetting' | 'setSetting' | 'deleteSetting'>,
    private readonly keys: KeyFacts,
    private readonly now: () => number = Date.now,
  ) {}

  pinnedServerFingerprint(): string | undefined {
    return this.store.getSetting(SERVER_PIN);
  }

  /** Computes the fingerprint of the offered server key; pins it on first use, throws if it differs from the pin. */
  async checkServerKey(serverKey: ServerKey): Promise<string> {
    const pinned = this.pinnedServerFingerprint();
    if (pinned !== undefined && this.store.getSetting(SERVER_KEY_SEEN) === serverKey.armoredKey) return pinned;
    const { fingerprint } = await this.keys.readKeyInfo(serverKey.armoredKey);
    if (pinned === undefined) this.store.setSetting(SERVER_PIN, fingerprint);
    else if (pinned !== fingerprint) throw new ServerKeyChangedError(pinned, fingerprint);
    this.store.setSetting(SERVER_KEY_SEEN, serverKey.armoredKey);
    return fingerprint;
  }

  /** Replaces the server pin after the user confirmed the new key out of band. */
  acceptServerKey(fingerprint: string): void {
    this.store.setSetting(SERVER_PIN, fingerprint.toUpperCase());
    this.store.deleteSetting(SERVER_KEY_SEEN);
  }

  /**
   * Records the fingerprints seen for users: first sight pins, a different one is returned as a change and the
   * pin is kept (so the old fingerprint stays the reference until the user accepts the new one).
   */
  observe(seen: readonly { userId: string; fingerprint: string }[]): KeyChange[] {
    const pins = this.pins();
    const changes: KeyChange[] = [];
    let dirty = false;
    for (const { userId, fingerprint } of seen) {
      const pinned = pins[userId];
      if (pinned === undefined) {
        pins[userId] = fingerprint;
        this.facts()[userId] = { firstSeen: this.now() };
        dirty = true;
      } else if (pinned !== fingerprint) {
        changes.push({ userId, pinned, current: fingerprint });
      }
    }
    if (dirty) this.savePins(pins);
    return changes;
  }

  /** The pin of a user's key, when it was first seen, and whether the user verified it. */
  userKeyTrust(userId: string): UserKeyTrust {
    const pinned = this.pins()[userId];
    const facts = this.facts()[userId];
    return { pinned, firstSeen: facts?.firstSeen, verified: pinned !== undefined && facts?.verified === pinned };
  }

  /** Marks the pinned key as verified; refused when `fingerprint` is not the pinned one. */
  verifyUserKey(userId: string, fingerprint: string): void {
    const pinned = this.pins()[userId];
    const wanted = fingerprint.replace(/\s+/g, '').toUpperCase();
    if (!pinned || pinned !== wanted) {
      throw new DomainError('CONFLICT', 'This is not the key Tessera has pinned for this person; sync and compare again.');
    }
    const facts = this.facts();
    facts[userId] = { firstSeen: facts[userId]?.firstSeen ?? this.now(), verified: pinned };
    this.saveFacts(facts);
  }

  /** The pinned fingerprint of a user, if any. */
  userPin(userId: string): string | undefined {
    return this.pins()[userId];
  }

  /** Trusts a changed key: it becomes the pin, seen now and not verified (it is a new key). */
  acceptUserKey(userId: string, fingerprint: string): void {
    const pins = this.pins();
    pins[userId] = fingerprint.toUpperCase();
    this.facts()[userId] = { firstSeen: this.now() };
    this.savePins(pins);
  }

  /** Throws UserKeyChangedError if any recipient's current key differs from its pin (first sight pins it). */
  assertRecipients(recipients: readonly { userId: string; fingerprint: string; username?: string }[]): void {
    const changes = this.observe(recipients);
    if (changes.length > 0) {
      const names = new Map(recipients.map((r) => [r.userId, r.username]));
      throw new UserKeyChangedError(changes.map((c) => ({ ...c, username: names.get(c.userId) })));
    }
  }

  private pins(): Record<string, string> {
    if (!this.userPins) {
      const raw = this.store.getSetting(USER_PINS);
      this.userPins = raw ? (JSON.parse(raw) as Record<string, string>) : {};
    }
    return this.userPins;
  }

  private savePins(pins: Record<string, string>): void {
    this.userPins = pins;
    this.store.setSetting(USER_PINS, JSON.stringify(pins));
    this.saveFacts(this.facts());
  }

  /** Pins made before first-seen times were kept have no facts: they count as seen long ago, unverified. */
  private facts(): Record<string, PinFacts> {
    if (!this.pinFacts) {
      const raw = this.store.getSetting(USER_PIN_FACTS);
      this.pinFacts = raw ? (JSON.parse(raw) as Record<string, PinFacts>) : {};
    }
    return this.pinFacts;
  }

  private saveFacts(facts: Record<string, PinFacts>): void {
    this.pinFacts = facts;
    this.store.setSetting(USER_PIN_FACTS, JSON.stringify(facts));
  }
}
