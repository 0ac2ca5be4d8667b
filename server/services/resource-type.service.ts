// `GET /resource-types.json` and `/resource-types/{id}.json`.
import type { ResourceTypeDto } from '../../common/api/resource';
import type { ListQuerySpec } from '../http/query';
import { NotFoundError } from '../http/errors';
import type { Db } from './access.service';
import { renderResourceType } from './resource-render';

export const RESOURCE_TYPE_INDEX_SPEC: ListQuerySpec = {
  contain: { resources_count: false },
  filters: { 'is-deleted': 'bool' },
};

export class ResourceTypeService {
  constructor(private readonly db: Db) {}

  private async counts(): Promise<Map<string, number>> {
    const rows = await this.db.selectFrom('resources').select(['resource_type_id', (eb) => eb.fn.countAll().as('n')])
      .where('deleted', '=', 0).groupBy('resource_type_id').execute();
    return new Map(rows.map((r) => [r.resource_type_id, Number(r.n)]));
  }

  /** Live types by default; `filter[is-deleted]=1` lists the deleted ones instead. */
  async index(contain: Record<string, boolean>, filter: Record<string, unknown>): Promise<ResourceTypeDto[]> {
    let query = this.db.selectFrom('resource_types').selectAll().orderBy('slug', 'asc');
    query = filter['is-deleted'] === true ? query.where('deleted', 'is not', null) : query.where('deleted', 'is', null);
    const rows = await query.execute();
    const counts = contain.resources_count ? await this.counts() : null;
    return rows.map((r) => {
      const dto = renderResourceType(r);
      if (counts) dto.resources_count = counts.get(r.id) ?? 0;
      return dto;
    });
  }

  async view(id: string): Promise<ResourceTypeDto> {
    const row = await this.db.selectFrom('resource_types').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new NotFoundError('The resource type does not exist.');
    return renderResourceType(row);
  }
}
