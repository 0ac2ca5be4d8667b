// Group rows by id, rendered for embedding in other answers (permissions.group, search-aros).
import type { GroupDto } from '../../common/api/group';
import type { Db } from './access.service';
import { chunks } from './access.service';
import { renderGroup } from './resource-render';

export class GroupLookup {
  constructor(private readonly db: Db) {}

  /** Live groups among `ids`, by id. */
  async render(ids: readonly string[], q: Db = this.db): Promise<Map<string, GroupDto>> {
    const out = new Map<string, GroupDto>();
    for (const part of chunks([...new Set(ids)])) {
      const rows = await q.selectFrom('groups').selectAll().where('id', 'in', part).where('deleted', '=', 0).execute();
      for (const r of rows) out.set(r.id, renderGroup(r));
    }
    return out;
  }

  /** Number of members of each group among `ids` (active, non-deleted users). */
  async userCounts(ids: readonly string[], q: Db = this.db): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const part of chunks([...new Set(ids)])) {
      const rows = await q.selectFrom('groups_users as gu').innerJoin('users as u', 'u.id', 'gu.user_id')
        .select(['gu.group_id', (eb) => eb.fn.countAll().as('n')])
        .where('gu.group_id', 'in', part).where('u.deleted', '=', 0)
        .groupBy('gu.group_id').execute();
      for (const r of rows) out.set(r.group_id, Number(r.n));
    }
    return out;
  }
}
