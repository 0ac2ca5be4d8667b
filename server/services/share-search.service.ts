// `GET /share/search-aros.json?filter[search]=…`: who a resource can be shared with. Up to 25 active users and
// 25 live groups (with their member count), sorted together by username / group name like Passbolt.
import { sql, type RawBuilder } from 'kysely';
import type { GroupDto } from '../../common/api/group';
import type { UserDto } from '../../common/api/user';
import type { ListQuerySpec } from '../http/query';
import { nowIso, type Clock } from '../util/clock';
import type { Db } from './access.service';
import type { GroupLookup } from './group-lookup';
import { renderGroup, type UserRenderer } from './resource-render';
import type { SecretIntakeService } from './secret-intake.service';

export const SEARCH_AROS_SPEC: ListQuerySpec = { filters: { search: 'strings' } };
const LIMIT = 25;

/** Case-insensitive "column contains text", with LIKE wildcards in the text escaped (same on both databases). */
export function likeContains(column: string, text: string): RawBuilder<boolean> {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`lower(${sql.ref(column)}) LIKE ${pattern} ESCAPE '\\'`;
}

export class ShareSearchService {
  constructor(private readonly db: Db, private readonly users: UserRenderer, private readonly groups: GroupLookup,
    private readonly clock: Clock, private readonly intake: SecretIntakeService | null = null) {}

  async search(text: string): Promise<(UserDto | GroupDto)[]> {
    const term = text.trim().slice(0, 255).toLowerCase();
    const now = nowIso(this.clock);
    let users = this.db.selectFrom('users as u').leftJoin('profiles as p', 'p.user_id', 'u.id').select(['u.id', 'u.username'])
      .where('u.active', '=', 1).where('u.deleted', '=', 0)
      .where((eb) => eb.or([eb('u.disabled', 'is', null), eb('u.disabled', '>', now)]));
    let groups = this.db.selectFrom('groups').selectAll().where('deleted', '=', 0);
    if (term !== '') {
      users = users.where((eb) => eb.or([likeContains('u.username', term), likeContains('p.first_name', term),
        likeContains('p.last_name', term)]));
      groups = groups.where(likeContains('name', term));
    }
    const userRows = await users.orderBy('u.username', 'asc').limit(LIMIT).execute();
    const groupRows = await groups.orderBy('name', 'asc').limit(LIMIT).execute();
    const rendered = await this.users.render(userRows.map((u) => u.id), { profile: true, gpgkey: true, role: true });
    // Whoever is picked from these results will be sent a secret next: have their key ids ready.
    this.intake?.warm(userRows.map((u) => u.id), this.db);
    const counts = await this.groups.userCounts(groupRows.map((g) => g.id));
    const items: { key: string; value: UserDto | GroupDto }[] = [
      ...userRows.flatMap((u) => { const dto = rendered.get(u.id); return dto ? [{ key: u.username.toLowerCase(), value: dto }] : []; }),
      ...groupRows.map((g) => ({ key: g.name.toLowerCase(), value: { ...renderGroup(g), user_count: counts.get(g.id) ?? 0 } })),
    ];
    return items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((i) => i.value);
  }
}
