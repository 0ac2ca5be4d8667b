// Administration from the desktop: invite, disable and delete users (with the dry-run and ownership transfer),
// and the organisation's password and passphrase policies. The server enforces who may do this; the client only
// words the refusals.
import { DomainError } from '../../common/ipc';
import { ApiHttpError } from '../api/api-errors';
import type { DeleteTransfer } from '../api/users-api';
import type { PasswordPolicyDto } from '../api/schemas';
import { domainErrors } from './service-errors';
import type { SessionService } from './session.service';
import { toUserRecord } from './vault-records';

export interface InviteInput {
  username: string;
  firstName: string;
  lastName: string;
  role?: 'user' | 'admin';
}

export interface DeletePlan {
  /** True when the user can be deleted as is. */
  deletable: boolean;
  /** What the server says needs a new owner/manager first (raw server entries). */
  soleOwnerOf: unknown[];
  soleManagerOf: unknown[];
}

export interface PassphrasePolicySettings {
  entropyMinimum: number;
  externalDictionaryCheck: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

export class AdminService {
  constructor(private readonly session: SessionService) {}

  /** Creates the user; the server mails them the invitation link. */
  async invite(input: InviteInput): Promise<{ userId: string }> {
    const vault = this.session.requireOnline();
    const username = input.username.trim().toLowerCase();
    if (!EMAIL.test(username)) throw new DomainError('POLICY_VIOLATION', 'The username must be an email address.');
    if (!input.firstName.trim() || !input.lastName.trim()) throw new DomainError('POLICY_VIOLATION', 'First and last name are required.');
    const roles = await domainErrors(() => vault.api.users.roles());
    const role = roles.find((r) => r.name === (input.role ?? 'user'));
    if (!role) throw new DomainError('SERVER_REJECTED', `The server has no "${input.role ?? 'user'}" role.`);
    const user = await domainErrors(() => vault.api.users.create({
      username, role_id: role.id, profile: { first_name: input.firstName.trim(), last_name: input.lastName.trim() },
    }));
    vault.putUser(toUserRecord(user, null));
    return { userId: user.id };
  }

  /** Mails the invitation again (a new link) to a user who has not finished joining. */
  async resendInvitation(userId: string): Promise<void> {
    const vault = this.session.requireOnline();
    const user = vault.users.get(userId);
    if (!user) throw new DomainError('NOT_FOUND', 'This person is not in your organisation as this computer knows it; sync and try again.');
    if (user.active) throw new DomainError('CONFLICT', `${user.username} has already joined; there is no invitation to send again.`);
    if (user.disabled) throw new DomainError('POLICY_VIOLATION', `${user.username} is disabled. Enable them before sending the invitation again.`);
    await domainErrors(() => vault.api.users.resendInvitation(user.username));
  }

  /** Disables (or re-enables) a user: they can no longer sign in, and keep their data. */
  async setDisabled(userId: string, disabled: boolean): Promise<void> {
    const vault = this.session.requireOnline();
    if (userId === vault.userId) throw new DomainError('POLICY_VIOLATION', 'You cannot disable your own account.');
    await domainErrors(() => vault.api.users.update(userId, { disabled: disabled ? new Date().toISOString() : null }));
    const cached = vault.users.get(userId);
    if (cached) vault.putUser({ ...cached, disabled });
  }

  /** The dry-run: can the user be deleted as is, or what must be transferred first. */
  async planDelete(userId: string): Promise<DeletePlan> {
    const vault = this.session.requireOnline();
    try {
      await vault.api.users.deleteDryRun(userId);
      return { deletable: true, soleOwnerOf: [], soleManagerOf: [] };
    } catch (error) {
      if (error instanceof ApiHttpError && error.status === 400) {
        const errors = (error.body as { errors?: { resources?: { sole_owner?: unknown[] }; groups?: { sole_manager?: unknown[] } } } | null)?.errors;
        if (errors) {
          return { deletable: false, soleOwnerOf: errors.resources?.sole_owner ?? [], soleManagerOf: errors.groups?.sole_manager ?? [] };
        }
      }
      throw toDomain(error);
    }
  }

  async deleteUser(userId: string, transfer?: DeleteTransfer): Promise<void> {
    const vault = this.session.requireOnline();
    if (userId === vault.userId) throw new DomainError('POLICY_VIOLATION', 'You cannot delete your own account.');
    await domainErrors(() => vault.api.users.delete(userId, transfer));
    vault.removeUser(userId);
  }

  async passwordPolicy(): Promise<PasswordPolicyDto> {
    const vault = this.session.requireOnline();
    return domainErrors(() => vault.api.settings.passwordPolicy());
  }

  async setPasswordPolicy(policy: PasswordPolicyDto): Promise<PasswordPolicyDto> {
    const vault = this.session.requireOnline();
    const length = policy.password_generator_settings.length;
    if (!Number.isInteger(length) || length < 8 || length > 128) throw new DomainError('POLICY_VIOLATION', 'The password length must be between 8 and 128.');
    const words = policy.passphrase_generator_settings.words;
    if (!Number.isInteger(words) || words < 4 || words > 40) throw new DomainError('POLICY_VIOLATION', 'A passphrase must have 4 to 40 words.');
    return domainErrors(() => vault.api.settings.setPasswordPolicy(policy));
  }

  async passphrasePolicy(): Promise<PassphrasePolicySettings> {
    const vault = this.session.requireOnline();
    const p = await domainErrors(() => vault.api.settings.userPassphrasePolicy());
    return { entropyMinimum: p.entropy_minimum, externalDictionaryCheck: p.external_dictionary_check };
  }

  async setPassphrasePolicy(settings: PassphrasePolicySettings): Promise<PassphrasePolicySettings> {
    const vault = this.session.requireOnline();
    if (!Number.isInteger(settings.entropyMinimum) || settings.entropyMinimum < 50 || settings.entropyMinimum > 224) {
      throw new DomainError('POLICY_VIOLATION', 'The minimum entropy must be between 50 and 224 bits.');
    }
    const p = await domainErrors(() => vault.api.settings.setUserPassphrasePolicy({
      entropy_minimum: settings.entropyMinimum, external_dictionary_check: settings.externalDictionaryCheck,
    }));
    return { entropyMinimum: p.entropy_minimum, externalDictionaryCheck: p.external_dictionary_check };
  }
}

function toDomain(error: unknown): unknown {
  return error instanceof ApiHttpError
    ? new DomainError(error.status === 403 ? 'PERMISSION_DENIED' : error.status === 404 ? 'NOT_FOUND' : 'SERVER_REJECTED', error.message)
    : error;
}
