// Accounts on this machine: join an organisation from an invitation link (new key pair), sign in on a new
// machine with an existing private key, change the passphrase, remove an account. The private key is kept only
// in the account's sealed cache; the recovery kit is returned once for the user to save.
import { DomainError } from '../../common/ipc';
import { ApiHttpError } from '../api/api-errors';
import type { PassboltApi } from '../api/passbolt-api';
import type { UserDto } from '../api/schemas';
import { normaliseBaseUrl } from '../api/url';
import type { OpenPgpService } from '../crypto/openpgp.service';
import type { AccountEntry, AccountRegistry } from './account-registry';
import { KeyTrust } from './key-trust.service';
import { loginWithKey } from './login';
import type { PassphraseEvaluation, PassphrasePolicy, PassphrasePolicyService } from './passphrase-policy.service';
import type { PassphraseMemory, VaultStore, VaultStoreFactory } from './ports';
import { domainErrors } from './service-errors';
import { PRIVATE_KEY_SETTING, type SessionService } from './session.service';

/** D1's passphrase-policy service, seen through what the account flows need. */
export type PassphraseChecker = Pick<PassphrasePolicyService, 'evaluate'>;

export interface JoinPreview {
  serverUrl: string;
  userId: string;
  username: string;
  firstName: string;
  lastName: string;
  passphrasePolicy: PassphrasePolicy;
  /** Shown so the user can compare it with what the administrator announced; pinned on completion. */
  serverFingerprint: string;
}

export interface JoinResult {
  account: AccountEntry;
  /** The armored, passphrase-protected private key: offer to save it (the only way back on another machine). */
  recoveryKit: string;
  fingerprint: string;
  verdict: PassphraseEvaluation;
}

export interface ImportInput {
  serverUrl: string;
  armoredPrivateKey: string;
  passphrase: string;
  /** Needed when the key file does not name its account (a plain Passbolt key). */
  userId?: string;
}

export interface ImportResult {
  account: AccountEntry;
  /** The passphrase policy only recommends on import. */
  verdict: PassphraseEvaluation | undefined;
}

export const DEFAULT_PASSPHRASE_POLICY: PassphrasePolicy = { entropy_minimum: 50, external_dictionary_check: true };

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const INVITATION = new RegExp(`^(.*?)/setup/(?:start|install)/(${UUID})/(${UUID})/?$`);
const KIT_COMMENT = new RegExp(`^Comment: Tessera account (${UUID}) at (\\S+)$`, 'm');

export interface AccountServiceDeps {
  registry: AccountRegistry;
  stores: VaultStoreFactory;
  crypto: OpenPgpService;
  checker: PassphraseChecker;
  passphrases: PassphraseMemory;
  session: SessionService;
  createApi(serverUrl: string): PassboltApi;
}

export function parseInvitation(link: string): { serverUrl: string; userId: string; token: string } {
  const match = INVITATION.exec(link.trim().replace(/\.json$/, ''));
  if (!match) throw new DomainError('POLICY_VIOLATION', 'This is not a Tessera or Passbolt invitation link (…/setup/start/<user>/<token>).');
  let serverUrl: string;
  try {
    serverUrl = normaliseBaseUrl(match[1] as string);
  } catch {
    throw new DomainError('POLICY_VIOLATION', 'The invitation link does not start with a valid https:// or http:// server address.');
  }
  return { serverUrl, userId: (match[2] as string).toLowerCase(), token: match[3] as string };
}

/** Adds a `Comment:` armor header naming the account, so a later import needs only the file and passphrase. */
export function buildRecoveryKit(armoredPrivateKey: string, userId: string, serverUrl: string): string {
  return armoredPrivateKey.replace(/^(-----BEGIN PGP PRIVATE KEY BLOCK-----\r?\n)/, `$1Comment: Tessera account ${userId} at ${serverUrl}\n`);
}

export function readRecoveryKitAccount(armored: string): { userId: string; serverUrl: string } | undefined {
  const match = KIT_COMMENT.exec(armored);
  return match ? { userId: (match[1] as string).toLowerCase(), serverUrl: match[2] as string } : undefined;
}

export class AccountService {
  constructor(private readonly deps: AccountServiceDeps) {}

  list(): AccountEntry[] {
    return this.deps.registry.list();
  }

  /** Reads the invitation: who is invited, on which server, under which passphrase policy. */
  async previewJoin(invitationLink: string): Promise<JoinPreview> {
    const { serverUrl, userId, token } = parseInvitation(invitationLink);
    return domainErrors(async () => {
      const api = this.deps.createApi(serverUrl);
      const start = await api.setup.start(userId, token);
      const serverKey = await api.auth.getServerKey();
      const { fingerprint } = await this.deps.crypto.readKeyInfo(serverKey.armoredKey);
      return {
        serverUrl, userId,
        username: start.user.username,
        firstName: start.user.profile?.first_name ?? '',
        lastName: start.user.profile?.last_name ?? '',
        passphrasePolicy: start.user_passphrase_policy ?? DEFAULT_PASSPHRASE_POLICY,
        serverFingerprint: fingerprint,
      };
    });
  }

  /** Checks a passphrase against a policy while the user types (require mode: the verdict may block). */
  evaluatePassphrase(passphrase: string, policy: PassphrasePolicy): Promise<PassphraseEvaluation> {
    return this.deps.checker.evaluate(passphrase, policy, 'new-passphrase');
  }

  /**
   * Completes the invitation: checks the passphrase against the organisation's policy, generates a curve25519
   * key pair protected by it, registers the public key, pins the server key, stores the private key sealed.
   */
  async join(invitationLink: string, passphrase: string): Promise<JoinResult> {
    const preview = await this.previewJoin(invitationLink);
    const verdict = await this.deps.checker.evaluate(passphrase, preview.passphrasePolicy, 'new-passphrase');
    if (!verdict.allowed) throw policyError('This passphrase does not meet your organisation\'s policy', verdict);
    const { token } = parseInvitation(invitationLink);
    const name = `${preview.firstName} ${preview.lastName}`.trim() || preview.username;
    const pair = await this.deps.crypto.generateKeyPair({ name, email: preview.username, passphrase });
    const api = this.deps.createApi(preview.serverUrl);
    // The private key is stored before the server learns the public one: a failure after setup completes must not
    // leave an account whose only private key was lost. If setup fails, the local account is removed again.
    const account = await this.createAccount({
      serverUrl: preview.serverUrl, userId: preview.userId, username: preview.username,
      firstName: preview.firstName, lastName: preview.lastName,
    }, async (store) => {
      const trust = new KeyTrust(store, this.deps.crypto);
      await trust.checkServerKey(await domainErrors(() => api.auth.getServerKey()));
      if (trust.pinnedServerFingerprint() !== preview.serverFingerprint) {
        throw new DomainError('KEY_CHANGED', 'The server key changed while you were joining. Ask your administrator before trying again.');
      }
      store.setSetting(PRIVATE_KEY_SETTING, pair.armoredPrivateKey);
      await domainErrors(() => api.setup.complete(preview.userId, token, pair.armoredPublicKey));
    }, passphrase);
    return {
      account,
      recoveryKit: buildRecoveryKit(pair.armoredPrivateKey, preview.userId, preview.serverUrl),
      fingerprint: pair.fingerprint,
      verdict,
    };
  }

  /** Signs in on this machine with an existing private key (curve25519 or RSA from an existing Passbolt account). */
  async importAccount(input: ImportInput): Promise<ImportResult> {
    const serverUrl = normaliseUrlOrThrow(input.serverUrl);
    const info = await domainErrors(() => this.deps.crypto.readKeyInfo(input.armoredPrivateKey)).catch(() => {
      throw new DomainError('POLICY_VIOLATION', 'The file is not an OpenPGP private key.');
    });
    if (!info.isPrivate) throw new DomainError('POLICY_VIOLATION', 'This is a public key; the private key (recovery kit) is needed.');
    const userId = (input.userId ?? readRecoveryKitAccount(input.armoredPrivateKey)?.userId)?.toLowerCase();
    if (!userId || !new RegExp(`^${UUID}$`).test(userId)) {
      throw new DomainError('POLICY_VIOLATION', 'This key file does not say which account it belongs to: enter your user id (shown in your profile on the server).');
    }
    const key = await domainErrors(() => this.deps.crypto.unlockPrivateKey(input.armoredPrivateKey, input.passphrase));
    const api = this.deps.createApi(serverUrl);
    let me: UserDto | undefined;
    let policy: PassphrasePolicy = DEFAULT_PASSPHRASE_POLICY;
    try {
      const account = await this.createAccount({ serverUrl, userId, username: '', firstName: '', lastName: '' }, async (store) => {
        const trust = new KeyTrust(store, this.deps.crypto);
        const tokens = await domainErrors(() => loginWithKey(api, trust, this.deps.crypto, key, userId)).catch((error: unknown) => {
          if (error instanceof DomainError && error.code === 'SERVER_REJECTED') {
            throw new DomainError('SERVER_REJECTED', 'The server did not accept this key for this account. Check the key file and the user id.');
          }
          throw error;
        });
        api.http.setTokenSource({ current: () => tokens.accessToken, renew: () => Promise.reject(new Error('no renewal during import')) });
        me = await domainErrors(() => api.users.me());
        if (me.id !== userId || (me.gpgkey && me.gpgkey.fingerprint.toUpperCase() !== info.fingerprint)) {
          throw new DomainError('SERVER_REJECTED', 'The server says this key belongs to another account.');
        }
        store.setSetting(PRIVATE_KEY_SETTING, input.armoredPrivateKey);
        policy = await this.passphrasePolicy(api);
        await api.auth.logout(tokens.refreshToken).catch(() => undefined);
      }, input.passphrase);
      const user = me as UserDto | undefined;
      const changes = {
        username: user?.username ?? '', firstName: user?.profile?.first_name ?? '', lastName: user?.profile?.last_name ?? '',
      };
      this.deps.registry.update(account.id, changes);
      // On import the policy only recommends: the key already exists and is in use.
      const verdict = await this.deps.checker.evaluate(input.passphrase, policy, 'existing-key').catch(() => undefined);
      return { account: { ...account, ...changes }, verdict };
    } finally {
      key.wipe();
    }
  }

  /** Re-encrypts the private key under a new passphrase, locally; the organisation's policy applies. */
  async changePassphrase(accountId: string, oldPassphrase: string, newPassphrase: string, policy?: PassphrasePolicy): Promise<PassphraseEvaluation> {
    const verdict = await this.deps.checker.evaluate(newPassphrase, policy ?? DEFAULT_PASSPHRASE_POLICY, 'new-passphrase');
    if (!verdict.allowed) throw policyError('The new passphrase does not meet your organisation\'s policy', verdict);
    const status = this.deps.session.status();
    const shared = !status.locked && status.accountId === accountId;
    // The unlocked vault owns its open cache; a locked account's cache is opened just for this.
    const opened = shared ? undefined : await this.deps.stores.open(accountId, oldPassphrase);
    const settings = opened ?? this.deps.session.current();
    try {
      const armored = settings.getSetting(PRIVATE_KEY_SETTING);
      if (!armored) throw new DomainError('NOT_FOUND', 'This account has no private key on this computer.');
      const reEncrypted = await domainErrors(() => this.deps.crypto.changePassphrase(armored, oldPassphrase, newPassphrase));
      // Where the device key is sealed with the passphrase, its wrap changes together with the private key.
      await this.deps.stores.changePassphrase(accountId, oldPassphrase, newPassphrase,
        () => settings.setSetting(PRIVATE_KEY_SETTING, reEncrypted));
      await this.deps.passphrases.forget(accountId);
      return verdict;
    } finally {
      opened?.close();
    }
  }

  /** The armored private key (recovery kit) of an account, for "save my recovery kit again". Requires the passphrase. */
  async exportRecoveryKit(accountId: string, passphrase: string): Promise<string> {
    const account = this.deps.registry.get(accountId);
    const store = await this.deps.stores.open(accountId, passphrase);
    try {
      const armored = store.getSetting(PRIVATE_KEY_SETTING);
      if (!armored) throw new DomainError('NOT_FOUND', 'This account has no private key on this computer.');
      (await domainErrors(() => this.deps.crypto.unlockPrivateKey(armored, passphrase))).wipe();
      return readRecoveryKitAccount(armored) ? armored : buildRecoveryKit(armored, account.userId, account.serverUrl);
    } finally {
      store.close();
    }
  }

  /**
   * Trusts a new server key for an account after the user confirmed its fingerprint with the administrator.
   * The passphrase is asked again: changing whom the app trusts is as sensitive as unlocking.
   */
  async acceptServerKey(accountId: string, passphrase: string, fingerprint: string): Promise<void> {
    const account = this.deps.registry.get(accountId);
    const wanted = fingerprint.replace(/\s+/g, '').toUpperCase();
    const status = this.deps.session.status();
    if (!status.locked && status.accountId === accountId) this.deps.session.lock('user');
    const store = await this.deps.stores.open(accountId, passphrase);
    try {
      const armored = store.getSetting(PRIVATE_KEY_SETTING);
      if (!armored) throw new DomainError('NOT_FOUND', 'This account has no private key on this computer.');
      (await domainErrors(() => this.deps.crypto.unlockPrivateKey(armored, passphrase))).wipe();
      const offered = await domainErrors(() => this.deps.createApi(account.serverUrl).auth.getServerKey());
      const { fingerprint: actual } = await this.deps.crypto.readKeyInfo(offered.armoredKey);
      if (actual !== wanted) throw new DomainError('CONFLICT', `The server now offers ${actual}, not the key you confirmed.`);
      new KeyTrust(store, this.deps.crypto).acceptServerKey(actual);
    } finally {
      store.close();
    }
  }

  /** Forgets an account on this machine: cache, keychain entries, registry line. */
  async remove(accountId: string): Promise<void> {
    const status = this.deps.session.status();
    if (!status.locked && status.accountId === accountId) this.deps.session.lock('logout');
    await this.deps.passphrases.forget(accountId);
    await this.deps.stores.destroy(accountId);
    this.deps.registry.remove(accountId);
  }

  /** `passphrase` seals the new device key where there is no OS keychain. */
  private async createAccount(
    entry: Omit<AccountEntry, 'id' | 'created'>, fill: (store: VaultStore) => Promise<void>, passphrase: string,
  ): Promise<AccountEntry> {
    if (this.deps.registry.findByUser(entry.serverUrl, entry.userId)) {
      throw new DomainError('CONFLICT', 'This account is already set up on this computer.');
    }
    const account = this.deps.registry.add(entry);
    let store: VaultStore | undefined;
    try {
      store = await this.deps.stores.open(account.id, passphrase);
      await fill(store);
      store.close();
      return account;
    } catch (error) {
      store?.close();
      await this.deps.stores.destroy(account.id).catch(() => undefined);
      this.deps.registry.remove(account.id);
      throw error;
    }
  }

  /**
   * The passphrase policy of the unlocked account's organisation, for changing the passphrase; the defaults when
   * the vault is offline or the server has none.
   */
  async currentPassphrasePolicy(): Promise<PassphrasePolicy> {
    const vault = this.deps.session.current();
    if (vault.offline) return DEFAULT_PASSPHRASE_POLICY;
    return this.passphrasePolicy(vault.api).catch(() => DEFAULT_PASSPHRASE_POLICY);
  }

  /** The organisation's user passphrase policy; the defaults where the server has none (404). */
  private async passphrasePolicy(api: PassboltApi): Promise<PassphrasePolicy> {
    try {
      const p = await api.settings.userPassphrasePolicy();
      return { entropy_minimum: p.entropy_minimum, external_dictionary_check: p.external_dictionary_check };
    } catch (error) {
      if (error instanceof ApiHttpError) return DEFAULT_PASSPHRASE_POLICY;
      throw error;
    }
  }
}

function policyError(lead: string, verdict: PassphraseEvaluation): DomainError {
  const reasons = verdict.problems.filter((p) => p.severity === 'block').map((p) => p.message);
  return new DomainError('POLICY_VIOLATION', `${lead}: ${reasons.join(' ')}`);
}

function normaliseUrlOrThrow(url: string): string {
  try {
    return normaliseBaseUrl(url);
  } catch {
    throw new DomainError('POLICY_VIOLATION', 'Enter the server address, e.g. https://passwords.example.com.');
  }
}
