// Sentences for what the server refuses when people change sharing or groups. The server names the rule it applied
// (Passbolt's validation keys); the window turns the rules a person can break by hand into what to do instead.
import { CallFailed, sentence } from '../api';

const rules: ReadonlyArray<readonly [RegExp, string]> = [
  [/at_least_one_owner|at least one owner/i,
    'You would remove the last owner. Every item needs at least one owner: make someone else an owner first.'],
  [/at_least_one_group_manager|group manager should be provided/i,
    'A group needs at least one manager. Make someone else a manager first.'],
  [/sole_owner|solely owns/i,
    'This group is the only owner of some items, so it cannot be deleted. Make a person or another group their owner first.'],
  [/group_unique|already used by another group/i, 'Another group already has this name. Choose a different one.'],
];

/** Words for a failed sharing or group change: the rule the server applied, or the usual sentence. */
export function orgSentence(error: unknown): string {
  if (error instanceof CallFailed && (error.error.code === 'SERVER_REJECTED' || error.error.code === 'POLICY_VIOLATION')) {
    const rule = rules.find(([pattern]) => pattern.test(error.error.message));
    if (rule) return rule[1];
  }
  return sentence(error);
}
