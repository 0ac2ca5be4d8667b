// The server's refusals of sharing and group changes, in words a person acts on.
import { describe, expect, it } from 'vitest';
import { CallFailed } from '../api';
import { orgSentence } from './org-errors';

const rejected = (message: string) => new CallFailed({ code: 'SERVER_REJECTED', message });

describe('orgSentence', () => {
  it('names the rule the server applied', () => {
    expect(orgSentence(rejected('Could not validate the share data. (permissions.at_least_one_owner: At least one owner permission must be provided.)')))
      .toBe('You would remove the last owner. Every item needs at least one owner: make someone else an owner first.');
    expect(orgSentence(rejected('Could not validate group data. (groups_users.at_least_one_group_manager: A group manager should be provided.)')))
      .toMatch(/^A group needs at least one manager/);
    expect(orgSentence(rejected('The group cannot be deleted. You need to transfer the ownership of the resources it solely owns.')))
      .toMatch(/only owner of some items/);
    expect(orgSentence(rejected('Could not validate group data. (name.group_unique: The name is already used by another group.)')))
      .toBe('Another group already has this name. Choose a different one.');
  });

  it('passes anything else to the usual sentence', () => {
    expect(orgSentence(new CallFailed({ code: 'KEY_CHANGED', message: 'The encryption key of a recipient changed.' }))).toBe('The encryption key of a recipient changed.');
    expect(orgSentence(new CallFailed({ code: 'INTERNAL', message: 'boom' }))).toMatch(/^Something went wrong/);
  });
});
