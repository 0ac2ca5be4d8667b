// Mail for sharing and group membership, through the mail queue: a request only queues rows, so a mail
// problem never fails the share or the group edit (the queue logs and retries).
import type { MailQueue } from '../mail/mail-queue';
import { groupMembershipMail, resourceSharedMail, type GroupChange } from '../mail/templates';
import type { Db } from './access.service';
import { chunks } from './access.service';
import type { GroupNotifier } from './group.service';
import type { ShareNotifier } from './share.service';

interface Person { username: string; firstName: string; fullName: string }

async function people(db: Db, ids: readonly string[]): Promise<Map<string, Person>> {
  const out = new Map<string, Person>();
  for (const part of chunks([...new Set(ids)])) {
    const rows = await db.selectFrom('users as u').leftJoin('profiles as p', 'p.user_id', 'u.id')
      .select(['u.id', 'u.username', 'p.first_name', 'p.last_name']).where('u.id', 'in', part).where('u.deleted', '=', 0).execute();
    for (const r of rows) {
      const first = r.first_name ?? r.username;
      out.set(r.id, { username: r.username, firstName: first, fullName: [r.first_name, r.last_name].filter(Boolean).join(' ') || r.username });
    }
  }
  return out;
}

export class AccessMailer implements ShareNotifier, GroupNotifier {
  constructor(private readonly db: Db, private readonly queue: MailQueue, private readonly publicUrl: () => string) {}

  async resourceShared(event: { resourceId: string; resourceName: string; sharedBy: string; recipients: string[] }): Promise<void> {
    const who = await people(this.db, [event.sharedBy, ...event.recipients]);
    const sharedBy = who.get(event.sharedBy)?.fullName ?? 'Someone';
    const mails = event.recipients.flatMap((id) => {
      const p = who.get(id);
      return p && id !== event.sharedBy ? [resourceSharedMail({ to: p.username, firstName: p.firstName, sharedBy,
        resourceName: event.resourceName, url: this.publicUrl() })] : [];
    });
    await this.queue.enqueueMany(mails);
  }

  private async membership(actorId: string, groupName: string, changes: { userId: string; change: GroupChange }[]): Promise<void> {
    const who = await people(this.db, [actorId, ...changes.map((c) => c.userId)]);
    const changedBy = who.get(actorId)?.fullName ?? 'An administrator';
    await this.queue.enqueueMany(changes.flatMap((c) => {
      const p = who.get(c.userId);
      return p && c.userId !== actorId ? [groupMembershipMail({ to: p.username, firstName: p.firstName, changedBy, groupName,
        change: c.change, url: this.publicUrl() })] : [];
    }));
  }

  async membersChanged(event: { groupId: string; groupName: string; actorId: string; added: string[]; removed: string[];
    roleChanged: { userId: string; isManager: boolean }[] }): Promise<void> {
    await this.membership(event.actorId, event.groupName, [
      ...event.added.map((userId) => ({ userId, change: 'added' as const })),
      ...event.removed.map((userId) => ({ userId, change: 'removed' as const })),
      ...event.roleChanged.map((r) => ({ userId: r.userId, change: r.isManager ? 'made_manager' as const : 'made_member' as const })),
    ]);
  }

  async groupDeleted(event: { groupName: string; actorId: string; members: string[] }): Promise<void> {
    await this.membership(event.actorId, event.groupName, event.members.map((userId) => ({ userId, change: 'removed' as const })));
  }
}
