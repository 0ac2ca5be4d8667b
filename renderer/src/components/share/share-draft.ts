// The changes a person makes in the share dialog before applying them: new roles and removals of existing
// permissions, and people or groups added. Turned into the contract's changes only when asked, so undoing an edit
// (back to the old role, re-adding someone removed) leaves nothing to send.
import type { MethodRequest, MethodResponse } from '../../../../common/ipc';
import type { KeyView } from '../../stores/people.store';

export type Role = 1 | 7 | 15;
export type Permission = MethodResponse<'share.permissions'>['permissions'][number];
export type ShareChange = MethodRequest<'share.apply'>['changes'][number];
export type AroMatch = MethodResponse<'share.search'>['matches'][number];

export interface Addition {
  readonly aro: 'User' | 'Group';
  readonly aroId: string;
  readonly name: string;
  readonly username?: string;
  readonly userCount?: number;
  readonly key?: KeyView;
  readonly type: Role;
}

export interface Draft {
  /** Per existing permission: its new role, or removed. */
  readonly edits: ReadonlyMap<string, Role | 'remove'>;
  readonly additions: readonly Addition[];
}

export const emptyDraft: Draft = { edits: new Map(), additions: [] };

export const ROLES: ReadonlyArray<{ readonly value: Role; readonly label: string }> = [
  { value: 1, label: 'Can read' },
  { value: 7, label: 'Can update' },
  { value: 15, label: 'Owner' },
];

export function roleLabel(type: Role): string {
  return ROLES.find((r) => r.value === type)?.label ?? 'Can read';
}

export function setRole(draft: Draft, permission: Permission, type: Role): Draft {
  const edits = new Map(draft.edits);
  if (type === permission.type) edits.delete(permission.permissionId);
  else edits.set(permission.permissionId, type);
  return { ...draft, edits };
}

export function remove(draft: Draft, permission: Permission): Draft {
  return { ...draft, edits: new Map(draft.edits).set(permission.permissionId, 'remove') };
}

export function undoRemove(draft: Draft, permission: Permission): Draft {
  const edits = new Map(draft.edits);
  edits.delete(permission.permissionId);
  return { ...draft, edits };
}

/** Adds a match from the search; someone removed a moment ago simply keeps their access. */
export function add(draft: Draft, permissions: readonly Permission[], match: AroMatch): Draft {
  const existing = permissions.find((p) => p.aroId === match.id);
  if (existing) return undoRemove(draft, existing);
  if (draft.additions.some((a) => a.aroId === match.id)) return draft;
  const addition: Addition = {
    aro: match.kind === 'user' ? 'User' : 'Group', aroId: match.id, name: match.name, type: 1,
    ...(match.username === undefined ? {} : { username: match.username }),
    ...(match.userCount === undefined ? {} : { userCount: match.userCount }),
    ...(match.key === undefined ? {} : { key: match.key }),
  };
  return { ...draft, additions: [...draft.additions, addition] };
}

export function setAddedRole(draft: Draft, aroId: string, type: Role): Draft {
  return { ...draft, additions: draft.additions.map((a) => (a.aroId === aroId ? { ...a, type } : a)) };
}

export function dropAddition(draft: Draft, aroId: string): Draft {
  return { ...draft, additions: draft.additions.filter((a) => a.aroId !== aroId) };
}

/** Who is offered by the search: not those who keep access or are already being added. */
export function isOffered(draft: Draft, permissions: readonly Permission[], match: AroMatch): boolean {
  const existing = permissions.find((p) => p.aroId === match.id);
  if (existing) return draft.edits.get(existing.permissionId) === 'remove';
  return !draft.additions.some((a) => a.aroId === match.id);
}

export function changesOf(permissions: readonly Permission[], draft: Draft): ShareChange[] {
  const changes: ShareChange[] = [];
  for (const p of permissions) {
    const edit = draft.edits.get(p.permissionId);
    if (edit === 'remove') changes.push({ action: 'remove', permissionId: p.permissionId });
    else if (edit !== undefined && edit !== p.type) changes.push({ action: 'update', permissionId: p.permissionId, type: edit });
  }
  for (const a of draft.additions) changes.push({ action: 'add', aro: a.aro, aroId: a.aroId, type: a.type });
  return changes;
}
