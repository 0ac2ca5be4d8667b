// The share dialog's draft: which edits become changes, and which undo to nothing.
import { describe, expect, it } from 'vitest';
import { add, changesOf, dropAddition, emptyDraft, isOffered, remove, setAddedRole, setRole, undoRemove, type AroMatch, type Permission } from './share-draft';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const mine: Permission = { permissionId: id(1), aro: 'User', aroId: id(11), name: 'grace@example.com', type: 15 };
const bobs: Permission = { permissionId: id(2), aro: 'User', aroId: id(12), name: 'bob@example.com', type: 1 };
const permissions = [mine, bobs];
const carol: AroMatch = { kind: 'user', id: id(13), name: 'Carol Shaw', username: 'carol@example.com', key: { fingerprint: 'A'.repeat(40), verified: false } };
const team: AroMatch = { kind: 'group', id: id(14), name: 'Platform', userCount: 3 };

describe('share draft', () => {
  it('turns role changes, removals and additions into the contract\'s changes', () => {
    let draft = setRole(emptyDraft, bobs, 7);
    draft = remove(draft, mine);
    draft = add(draft, permissions, carol);
    draft = setAddedRole(add(draft, permissions, team), team.id, 15);
    expect(changesOf(permissions, draft)).toEqual([
      { action: 'remove', permissionId: mine.permissionId },
      { action: 'update', permissionId: bobs.permissionId, type: 7 },
      { action: 'add', aro: 'User', aroId: carol.id, type: 1 },
      { action: 'add', aro: 'Group', aroId: team.id, type: 15 },
    ]);
  });

  it('leaves nothing to send once every edit is undone', () => {
    let draft = setRole(emptyDraft, bobs, 7);
    draft = setRole(draft, bobs, 1);
    draft = undoRemove(remove(draft, mine), mine);
    draft = dropAddition(add(draft, permissions, carol), carol.id);
    expect(changesOf(permissions, draft)).toEqual([]);
  });

  it('offers in the search only who would not have access; re-adding someone removed keeps their permission', () => {
    const bobMatch: AroMatch = { kind: 'user', id: bobs.aroId, name: 'Bob Builder' };
    expect(isOffered(emptyDraft, permissions, bobMatch)).toBe(false);
    const removed = remove(emptyDraft, bobs);
    expect(isOffered(removed, permissions, bobMatch)).toBe(true);
    const back = add(removed, permissions, bobMatch);
    expect(changesOf(permissions, back)).toEqual([]);
    expect(isOffered(add(emptyDraft, permissions, carol), permissions, carol)).toBe(false);
  });
});
