// One handler per contract method: each maps the parsed request to a service call and the answer back to the
// contract's shape, nothing more. Free of Electron: the app, the e2e harness and the dev preview all build the
// same handlers over the same services, and differ only in the ports below (clipboard, files, browser).
import { DomainError } from '../../common/ipc';
import type { AccountView } from '../../common/ipc';
import type { AccountEntry } from '../services/account-registry';
import type { ClipboardService } from '../services/clipboard.service';
import type { GeneratedSecret } from '../services/password-generator.service';
import type { PassphraseEvaluation, PassphrasePolicy } from '../services/passphrase-policy.service';
import type { EventSink } from '../services/ports';
import type { SettingsService } from '../services/settings.service';
import type { SyncMonitor } from '../services/sync-monitor';
import type { ResourceDetail, ResourceSummary } from '../services/vault.service';
import type { AppInfoService } from '../services/app-info.service';
import { definedOnly } from '../services/defined-only';
import { appHandlers } from './app-handlers';
import { optionsOf, withOptions } from './generator-options';
import { createOrgHandlers } from './org-handlers';
import type { DesktopServices } from './desktop-services';
import type { AppIpcHandlers } from './ipc-dispatch';

/** Writes a file the user chose where to save (a native save dialog in the app). */
export interface SaveFilePort {
  save(suggestedName: string, contents: string): Promise<{ saved: boolean; path?: string }>;
}

/** Opens an http(s) address in the user's default browser. */
export type OpenExternalPort = (url: string) => Promise<void>;

/** Whether the quick-access shortcut is registered, and why not; the desktop glue knows, the preview says so. */
export interface ShortcutStatePort {
  state(): { registered: boolean; message?: string };
}

/** The quick-access window, as the desktop shows it; the preview and the harness record or ignore these. */
export interface QuickWindowPort {
  hide(): void;
  openMain(): void;
}

export interface IpcHandlerDeps {
  readonly services: DesktopServices;
  readonly appInfo: AppInfoService;
  readonly clipboard: ClipboardService;
  readonly syncMonitor: SyncMonitor;
  readonly settings: SettingsService;
  readonly shortcut: ShortcutStatePort;
  readonly quickWindow: QuickWindowPort;
  /** For `settings.changed`, so every window follows a change made in one. */
  readonly events: EventSink;
  readonly files: SaveFilePort;
  readonly openExternal: OpenExternalPort;
  /** Whether a passphrase can be remembered here (an OS keychain holds it). */
  readonly rememberAvailable: boolean;
  /** Recovery kits made by a join, until the user saves them. Cleared on dispose. */
  readonly pendingKits: Map<string, string>;
  /** Why a copy cannot reach a system clipboard here, if it cannot (the preview without a clipboard tool). */
  readonly clipboardUnavailable?: () => string | undefined;
}

export function createIpcHandlers(deps: IpcHandlerDeps): AppIpcHandlers {
  const { services, clipboard, syncMonitor, files, pendingKits } = deps;
  const { accounts, session, vault, secrets, policy, generator } = services;

  const unlocked = async <T extends { accountId: string }>(result: T): Promise<T> => {
    syncMonitor.started();
    return result;
  };

  return {
    ...appHandlers(deps.appInfo),
    ...createOrgHandlers({ services, events: deps.events }),

    'account.list': () => ({ accounts: accounts.list().map(accountView) }),
    'account.previewJoin': async ({ invitationLink }) => {
      const p = await accounts.previewJoin(invitationLink);
      return { ...p, passphrasePolicy: policyView(p.passphrasePolicy) };
    },
    'account.join': async ({ invitationLink, passphrase }) => {
      const result = await accounts.join(invitationLink, passphrase);
      pendingKits.set(result.account.id, result.recoveryKit);
      return { account: accountView(result.account), fingerprint: result.fingerprint, verdict: verdictView(result.verdict) };
    },
    'account.saveRecoveryKit': async ({ accountId }) => {
      const kit = pendingKits.get(accountId);
      if (kit === undefined) throw new DomainError('NOT_FOUND', 'There is no new recovery kit to save. Export it from the account menu instead.');
      const outcome = await files.save(kitFileName(services.registry.get(accountId)), kit);
      if (outcome.saved) pendingKits.delete(accountId);
      return outcome;
    },
    'account.importKit': async (req) => {
      const result = await accounts.importAccount({
        serverUrl: req.serverUrl, armoredPrivateKey: req.armoredPrivateKey, passphrase: req.passphrase,
        ...(req.userId ? { userId: req.userId } : {}),
      });
      return { account: accountView(result.account), ...(result.verdict ? { verdict: verdictView(result.verdict) } : {}) };
    },
    'account.exportKit': async ({ accountId, passphrase }) => {
      const kit = await accounts.exportRecoveryKit(accountId, passphrase);
      return files.save(kitFileName(services.registry.get(accountId)), kit);
    },
    'account.changePassphrase': async ({ accountId, oldPassphrase, newPassphrase }) => {
      const org = await currentPassphrasePolicy(services, accountId);
      return { verdict: verdictView(await accounts.changePassphrase(accountId, oldPassphrase, newPassphrase, org)) };
    },
    'account.remove': async ({ accountId }) => {
      pendingKits.delete(accountId);
      await accounts.remove(accountId);
      return null;
    },

    'session.status': () => {
      const s = session.status();
      return {
        locked: s.locked,
        ...(s.accountId ? { accountId: s.accountId, userId: s.userId, offline: s.offline } : {}),
        rememberAvailable: deps.rememberAvailable,
        idleLockMs: session.idleLock(),
      };
    },
    'session.unlock': async ({ accountId, passphrase, rememberForMs }) => {
      if (rememberForMs && !deps.rememberAvailable) {
        throw new DomainError('POLICY_VIOLATION', 'This computer has no keychain to remember a passphrase in.');
      }
      if (rememberForMs && rememberForMs > deps.settings.get().rememberPassphraseMinutes * 60_000) {
        throw new DomainError('POLICY_VIOLATION', 'The passphrase cannot be remembered that long; see Settings.');
      }
      return unlocked(await session.unlock(accountId, passphrase, rememberForMs ? { rememberForMs } : {}));
    },
    'session.unlockRemembered': async ({ accountId }) => unlocked(await session.unlockRemembered(accountId)),
    'session.remembered': async ({ accountId }) => ({
      until: deps.rememberAvailable ? ((await services.deviceKeys.rememberedUntil(accountId)) ?? null) : null,
    }),
    'session.lock': () => {
      session.lock('user');
      return null;
    },
    'session.logout': async () => {
      await session.logout();
      return null;
    },
    'session.touch': () => {
      session.touch();
      return null;
    },

    'vault.query': (q) => {
      const { total, offset, rows } = vault.queryWindow(q);
      return { total, offset, rows: rows.map(rowView) };
    },
    'vault.position': ({ id, ...q }) => ({ index: vault.position(id, q) }),
    'vault.get': ({ id }) => detailView(vault.detail(id)),
    'vault.groups': () => ({ groups: vault.myGroups() }),
    'vault.create': async (req) => rowView(await vault.create({
      name: req.name, username: req.username ?? null, uri: req.uri ?? null, description: req.description ?? null, password: req.password,
    })),
    'vault.update': async ({ id, ...changes }) => rowView(await vault.update(id, definedOnly(changes))),
    'vault.delete': async ({ id }) => {
      await vault.delete(id);
      return null;
    },
    'vault.favorite': async ({ id, favorite }) => rowView(await vault.setFavorite(id, favorite)),
    'vault.openUri': async ({ id }) => {
      const { value } = await secrets.readField(id, 'uri');
      await deps.openExternal(browsableUrl(value));
      return null;
    },

    'secret.reveal': async ({ resourceId, field }) => {
      const f = await secrets.readField(resourceId, field);
      return { value: f.value, flagged: f.flagged, ...(f.warning ? { warning: f.warning } : {}) };
    },
    'clipboard.copy': async ({ resourceId, field }) => {
      const result = await clipboard.copy(resourceId, field);
      const unavailable = deps.clipboardUnavailable?.();
      return {
        flagged: result.flagged, clearsInMs: result.clearsInMs,
        ...(result.warning ? { warning: result.warning } : {}), ...(unavailable ? { unavailable } : {}),
      };
    },

    'sync.now': async (req) => {
      const report = await syncMonitor.run(req?.full ? { full: true } : {});
      return { added: report.added, updated: report.updated, removed: report.removed, total: report.total };
    },
    'sync.status': () => syncMonitor.status(),

    'generator.generate': async (req) => {
      const org = await policy.passwordPolicy();
      const options = { ...optionsOf(org), ...definedOnly(req ?? {}) };
      if (options.kind === 'password' && !(options.uppercase || options.lowercase || options.digits || options.symbols)) {
        throw new DomainError('POLICY_VIOLATION', 'Choose at least one kind of character.');
      }
      let generated: GeneratedSecret;
      try {
        generated = generator.generate(withOptions(org, options), options.kind);
      } catch (error) {
        throw new DomainError('POLICY_VIOLATION', error instanceof Error ? error.message : 'These generator settings cannot make a password.');
      }
      return { value: generated.value, entropy: generated.entropy, strength: generated.strength.id, options };
    },

    'settings.get': () => ({ settings: deps.settings.get(), shortcut: deps.shortcut.state() }),
    'settings.update': (changes) => {
      // Listeners (the services, the shortcut) apply the change inside update(); the state below is the result.
      const state = { settings: deps.settings.update(changes), shortcut: deps.shortcut.state() };
      deps.events.publish('settings.changed', state);
      return state;
    },

    'quick.hide': () => {
      deps.quickWindow.hide();
      return null;
    },
    'quick.openMain': () => {
      deps.quickWindow.openMain();
      return null;
    },

    'policy.current': async () => policyView(await accounts.currentPassphrasePolicy()),
    'policy.evaluate': async ({ passphrase, policy: p }) => verdictView(await accounts.evaluatePassphrase(passphrase, {
      entropy_minimum: p.entropyMinimum, external_dictionary_check: p.externalDictionaryCheck,
    })),
  };
}

function accountView(a: AccountEntry): AccountView {
  return { id: a.id, serverUrl: a.serverUrl, userId: a.userId, username: a.username, firstName: a.firstName, lastName: a.lastName };
}

function policyView(p: PassphrasePolicy) {
  return { entropyMinimum: p.entropy_minimum, externalDictionaryCheck: p.external_dictionary_check };
}

function verdictView(v: PassphraseEvaluation) {
  return {
    entropy: v.entropy, strength: v.strength.id, entropyMinimum: v.entropyMinimum, meetsEntropyMinimum: v.meetsEntropyMinimum,
    dictionary: v.dictionary, ...(v.leakCount === undefined ? {} : { leakCount: v.leakCount }), allowed: v.allowed, problems: v.problems,
  };
}

function rowView(r: ResourceSummary) {
  return {
    id: r.id, name: r.name, username: r.username, uri: r.uri, modified: r.modified,
    permission: r.permission, favorite: r.favorite, shared: r.shared,
  };
}

function detailView(d: ResourceDetail) {
  return {
    ...rowView(d), description: d.description, descriptionEncrypted: d.descriptionEncrypted, created: d.created,
    createdBy: d.createdBy, modifiedBy: d.modifiedBy, access: d.access,
  };
}

/** The passphrase policy of the account's organisation (its defaults when the server cannot say). */
async function currentPassphrasePolicy(services: DesktopServices, accountId: string): Promise<PassphrasePolicy | undefined> {
  const status = services.session.status();
  if (status.locked || status.accountId !== accountId) return undefined;
  return services.accounts.currentPassphrasePolicy();
}

function kitFileName(account: AccountEntry): string {
  const who = (account.username || account.userId).replace(/[^A-Za-z0-9._@-]+/g, '_').slice(0, 80);
  return `tessera-recovery-kit-${who}.asc`;
}

/** Only http(s) addresses leave for the browser; anything else (javascript:, data:, file:) is refused. */
export function browsableUrl(value: string): string {
  const text = value.trim();
  let url: URL;
  try {
    // A bare host ("github.com") is what people type; it means https.
    url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`);
  } catch {
    throw new DomainError('POLICY_VIOLATION', 'This item has no web address that can be opened.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new DomainError('POLICY_VIOLATION', 'Only http and https addresses are opened in the browser.');
  }
  return url.href;
}
