// `GET /permissions/resource/{id}.json`: every permission on a resource, for anyone who can read it.
import type { PermissionDto } from '../../common/api/permission';
import type { ListQuerySpec } from '../http/query';
import { NotFoundError } from '../http/errors';
import type { AccessService, Db } from './access.service';
import type { GroupLookup } from './group-lookup';
import { renderPermission, type UserRenderer } from './resource-render';

export const PERMISSION_VIEW_SPEC: ListQuerySpec = { contain: { user: false, 'user.profile': false, group: false } };

export class PermissionService {
  constructor(private readonly db: Db, private readonly access: AccessService, private readonly users: UserRenderer,
    private readonly groups: GroupLookup) {}

  async listForResource(userId: string, resourceId: string, contain: Record<string, boolean>): Promise<PermissionDto[]> {
    if ((await this.access.permissionType(userId, resourceId)) === 0) throw new NotFoundError('The resource does not exist.');
    const rows = await this.db.selectFrom('permissions').selectAll().where('aco_foreign_key', '=', resourceId)
      .orderBy('created', 'asc').orderBy('id', 'asc').execute();
    const withUser = contain.user || contain['user.profile'];
    const users = withUser
      ? await this.users.render(rows.filter((r) => r.aro === 'User').map((r) => r.aro_foreign_key), { profile: !!contain['user.profile'] })
      : new Map();
    const groups = contain.group ? await this.groups.render(rows.filter((r) => r.aro === 'Group').map((r) => r.aro_foreign_key)) : new Map();
    return rows.map((r) => {
      const dto = renderPermission(r);
      if (r.aro === 'User' && users.has(r.aro_foreign_key)) dto.user = users.get(r.aro_foreign_key);
      if (r.aro === 'Group' && groups.has(r.aro_foreign_key)) dto.group = groups.get(r.aro_foreign_key);
      return dto;
    });
  }
}
