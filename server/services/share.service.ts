// Sharing a resource: permission changes (create/update/delete), a simulation that says
// which users gain and lose read access, and the real share, which must carry exactly one secret for each user
// who gains access. Everything is validated before the first write, inside one transaction.
import { z } from 'zod';
import type { ValidationErrors } from '../../common/api/error';
import type { ShareSimulateResult } from '../../common/api/share';
import { ForbiddenError, NotFoundError, ValidationError } from '../http/errors';
import { parseBody, zUuid } from '../http/validation';
import type { Dialect } from '../storage/database';
import { nowIso, type Clock } from '../util/clock';
import { newRowId } from '../util/uuid';
import { AccessService, chunks, lockAccessWrites, PERMISSION_TYPES, PermissionType, type Db } from './access.service';
import type { PermissionRow } from './resource-render';
import type { SecretIntakeService } from './secret-intake.service';
import { insertSecrets } from './secret-rows';

const MESSAGE = 'Could not validate the share data.';

const changeSchema = z.object({
  id: zUuid('The permission identifier should be a valid UUID.').optional(),
  aro: z.enum(['User', 'Group'], { error: 'The aro should be User or Group.' }).optional(),
  aro_foreign_key: zUuid('The aro identifier should be a valid UUID.').optional(),
  aco: z.literal('Resource', { error: 'The aco should be Resource.' }).optional(),
  aco_foreign_key: zUuid('The aco identifier should be a valid UUID.').optional(),
  type: z.number({ error: 'The permission type should be 1, 7 or 15.' })
    .refine((t) => PERMISSION_TYPES.includes(t), { error: 'The permission type should be 1, 7 or 15.', params: { rule: 'inList' } })
    .optional(),
  delete: z.union([z.boolean(), z.literal(1), z.literal(0), z.literal('1'), z.literal('0')]).optional(),
}, { error: 'The permission change should be an object.' });

const secretSchema = z.object({
  user_id: zUuid('The user identifier should be a valid UUID.'),
  resource_id: zUuid('The resource identifier should be a valid UUID.').optional(),
  data: z.unknown(),
}, { error: 'The secret should be an object.' });

const simulateSchema = z.object({ permissions: z.array(changeSchema, { error: 'The permissions should be a list.' }).max(10_000) });
const shareSchema = simulateSchema.extend({
  secrets: z.array(secretSchema, { error: 'The secrets should be a list.' }).max(100_000).optional(),
});

type Change = z.infer<typeof changeSchema>;
type Aro = { aro: string; id: string; type: number };

export interface ShareOutcome { added: string[]; removed: string[]; resourceName: string }

/** Told after a share commits; sends the "shared with you" mails. Failing never undoes the share. */
export interface ShareNotifier {
  resourceShared(event: { resourceId: string; resourceName: string; sharedBy: string; recipients: string[] }): Promise<void>;
}

const isDelete = (c: Change) => c.delete === true || c.delete === 1 || c.delete === '1';

export class ShareService {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
    private readonly access: AccessService,
    private readonly secrets: SecretIntakeService,
    private readonly clock: Clock,
    private readonly notifier: ShareNotifier | null = null,
  ) {}

  /** Owners only: 404 without access (learn nothing), 403 for readers and editors. */
  private async requireOwner(userId: string, resourceId: string, q: Db): Promise<string> {
    const perm = await this.access.permissionType(userId, resourceId, q);
    if (perm === 0) throw new NotFoundError('The resource does not exist.');
    if (perm < PermissionType.OWNER) throw new ForbiddenError('Only the owners of a resource can share it.');
    const row = await q.selectFrom('resources').select('name').where('id', '=', resourceId).executeTakeFirstOrThrow();
    return row.name;
  }

  /** Applies the changes to the current permissions in memory; throws field-keyed errors for bad changes. */
  private async plan(resourceId: string, changes: Change[], q: Db) {
    const current = await q.selectFrom('permissions').selectAll().where('aco_foreign_key', '=', resourceId).execute();
    const byId = new Map(current.map((p) => [p.id, p]));
    const errors: ValidationErrors = {};
    const updates = new Map<string, number>();
    const deletes = new Set<string>();
    const creates: Aro[] = [];
    const touched = new Set<string>();
    const err = (i: number, field: string, rule: string, message: string) => { errors[String(i)] = { [field]: { [rule]: message } }; };

    const newAros = changes.filter((c) => c.id === undefined);
    const liveUsers = await this.access.usersReachedBy(newAros.filter((c) => c.aro === 'User').map((c) => ({ aro: 'User', id: c.aro_foreign_key ?? '' })), q);
    const groupIds = newAros.filter((c) => c.aro === 'Group' && c.aro_foreign_key).map((c) => c.aro_foreign_key!);
    const liveGroups = new Set<string>();
    for (const part of chunks(groupIds)) {
      for (const g of await q.selectFrom('groups').select('id').where('id', 'in', part).where('deleted', '=', 0).execute()) liveGroups.add(g.id);
    }
    const existingAro = new Set(current.map((p) => p.aro_foreign_key));

    changes.forEach((c, i) => {
      if (c.aco_foreign_key !== undefined && c.aco_foreign_key !== resourceId) {
        return err(i, 'aco_foreign_key', 'isSameResource', 'The permission should be for this resource.');
      }
      if (c.id !== undefined) {
        if (!byId.has(c.id)) return err(i, 'id', 'exists', 'The permission does not exist.');
        if (touched.has(c.id)) return err(i, 'id', 'isUnique', 'A permission can be changed only once per request.');
        touched.add(c.id);
        if (isDelete(c)) deletes.add(c.id);
        else if (c.type === undefined) err(i, 'type', '_required', 'The permission type is required.');
        else updates.set(c.id, c.type);
        return undefined;
      }
      if (isDelete(c)) return err(i, 'id', '_required', 'The permission identifier is required to delete it.');
      if (c.aro === undefined) return err(i, 'aro', '_required', 'The aro is required.');
      if (c.aro_foreign_key === undefined) return err(i, 'aro_foreign_key', '_required', 'The aro identifier is required.');
      if (c.type === undefined) return err(i, 'type', '_required', 'The permission type is required.');
      const live = c.aro === 'User' ? liveUsers.has(c.aro_foreign_key) : liveGroups.has(c.aro_foreign_key);
      if (!live) return err(i, 'aro_foreign_key', 'aro_exists', `The ${c.aro === 'User' ? 'user' : 'group'} does not exist.`);
      if (existingAro.has(c.aro_foreign_key)) {
        return err(i, 'aro_foreign_key', 'permission_unique', 'A permission already exists for this aro.');
      }
      existingAro.add(c.aro_foreign_key);
      creates.push({ aro: c.aro, id: c.aro_foreign_key, type: c.type });
      return undefined;
    });
    if (Object.keys(errors).length > 0) throw new ValidationError({ permissions: errors }, MESSAGE);

    const after: Aro[] = [
      ...current.filter((p) => !deletes.has(p.id)).map((p) => ({ aro: p.aro, id: p.aro_foreign_key, type: updates.get(p.id) ?? p.type })),
      ...creates,
    ];
    if (!after.some((a) => a.type === PermissionType.OWNER)) {
      throw new ValidationError({ permissions: { at_least_one_owner: 'At least one owner permission must be provided.' } }, MESSAGE);
    }
    const before = new Set(await this.access.usersWithAccess(resourceId, q));
    const reached = await this.access.usersReachedBy(after, q);
    const added = [...reached].filter((u) => !before.has(u)).sort();
    const removed = [...before].filter((u) => !reached.has(u)).sort();
    return { current, updates, deletes, creates, added, removed };
  }

  async simulate(userId: string, resourceId: string, body: unknown): Promise<ShareSimulateResult> {
    const input = parseBody(simulateSchema, body, MESSAGE);
    await this.requireOwner(userId, resourceId, this.db);
    const { added, removed } = await this.plan(resourceId, input.permissions, this.db);
    this.secrets.warm(added, this.db);
    return { changes: { added: added.map((id) => ({ User: { id } })), removed: removed.map((id) => ({ User: { id } })) } };
  }

  async share(userId: string, resourceId: string, body: unknown): Promise<ShareOutcome> {
    const input = parseBody(shareSchema, body, MESSAGE);
    await this.requireOwner(userId, resourceId, this.db);
    // Key ids are read (and parsed if new) before the transaction, so no key parsing happens under the lock.
    await this.secrets.encryptionKeyIds((input.secrets ?? []).map((s) => s.user_id), this.db);
    const outcome = await this.db.transaction().execute(async (trx) => {
      await lockAccessWrites(trx, this.dialect);
      const resourceName = await this.requireOwner(userId, resourceId, trx);
      const plan = await this.plan(resourceId, input.permissions, trx);
      const secrets = input.secrets ?? [];
      await this.checkSecrets(resourceId, plan.added, secrets, trx);
      await this.write(userId, resourceId, plan, secrets, trx);
      return { added: plan.added, removed: plan.removed, resourceName };
    });
    if (this.notifier && outcome.added.length > 0) {
      await this.notifier.resourceShared({ resourceId, resourceName: outcome.resourceName, sharedBy: userId, recipients: outcome.added });
    }
    return outcome;
  }

  /** Exactly one valid secret per added user: none missing, none extra, none twice, each to the right key. */
  private async checkSecrets(resourceId: string, added: string[], secrets: z.infer<typeof secretSchema>[], q: Db): Promise<void> {
    const needed = new Set(added);
    const seen = new Set<string>();
    const errors: ValidationErrors = {};
    secrets.forEach((s, i) => {
      if (s.resource_id !== undefined && s.resource_id !== resourceId) {
        errors[String(i)] = { resource_id: { isSameResource: 'The secret should be for this resource.' } };
      } else if (seen.has(s.user_id)) {
        errors[String(i)] = { user_id: { isUnique: 'Only one secret per user should be provided.' } };
      } else if (!needed.has(s.user_id)) {
        errors[String(i)] = { user_id: { isNeeded: 'No secret is needed for this user: they already have access or will not get it.' } };
      }
      seen.add(s.user_id);
    });
    if (Object.keys(errors).length > 0) throw new ValidationError({ secrets: errors }, MESSAGE);
    if (added.some((u) => !seen.has(u))) {
      throw new ValidationError({ secrets: { secrets_provided: 'The secrets of all the users gaining access to the resource are required.' } }, MESSAGE);
    }
    const dataErrors = await this.secrets.check(secrets.map((s, i) => ({ index: i, userId: s.user_id, data: s.data })), q);
    if (dataErrors) throw new ValidationError({ secrets: dataErrors }, MESSAGE);
  }

  private async write(userId: string, resourceId: string,
    plan: { current: PermissionRow[]; updates: Map<string, number>; deletes: Set<string>; creates: Aro[]; removed: string[] },
    secrets: z.infer<typeof secretSchema>[], trx: Db): Promise<void> {
    const now = nowIso(this.clock);
    for (const [id, type] of plan.updates) {
      await trx.updateTable('permissions').set({ type, modified: now }).where('id', '=', id).execute();
    }
    for (const part of chunks([...plan.deletes])) await trx.deleteFrom('permissions').where('id', 'in', part).execute();
    for (const part of chunks(plan.creates)) {
      await trx.insertInto('permissions').values(part.map((c) => ({
        id: newRowId(), aco: 'Resource', aco_foreign_key: resourceId, aro: c.aro, aro_foreign_key: c.id, type: c.type,
        created: now, modified: now,
      }))).execute();
    }
    await insertSecrets(trx, this.dialect, secrets.map((s) => ({ userId: s.user_id, resourceId, data: s.data as string })), userId, now);
    for (const part of chunks(plan.removed)) {
      await trx.deleteFrom('secrets').where('resource_id', '=', resourceId).where('user_id', 'in', part).execute();
      await trx.deleteFrom('favorites').where('foreign_key', '=', resourceId).where('user_id', 'in', part).execute();
    }
  }
}
