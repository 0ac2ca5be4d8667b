// Mail templates: a plain-text and an HTML part. Every value that comes from users (names, resource and group
// names) is HTML-escaped in the HTML part; links are built by the server and checked to be http(s).
import type { OutgoingMail } from './mail-queue';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`=]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Only http(s) links are put in mail; anything else is rendered as plain text. */
function safeLink(url: string): string {
  return /^https?:\/\//i.test(url) ? url : '';
}

/** Names are shown as given but limited in length and stripped of line breaks (no header-like injections). */
function oneLine(value: string, max = 120): string {
  return value.replace(/[\r\n\t]+/g, ' ').slice(0, max);
}

function html(paragraphs: string[], link?: { url: string; label: string }): string {
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  const href = link ? safeLink(link.url) : '';
  const button = href ? `\n<p><a href="${escapeHtml(href)}">${escapeHtml(link!.label)}</a></p>` : '';
  return `<!doctype html>\n<html><body>\n${body}${button}\n</body></html>\n`;
}

function text(paragraphs: string[], link?: { url: string; label: string }): string {
  const lines = [...paragraphs];
  if (link && safeLink(link.url)) lines.push(`${link.label}: ${link.url}`);
  return `${lines.join('\n\n')}\n`;
}

function mail(to: string, template: string, subject: string, paragraphs: string[], link?: { url: string; label: string }): OutgoingMail {
  return { to, template, subject: oneLine(subject, 250), text: text(paragraphs, link), html: html(paragraphs, link) };
}

export function invitationMail(input: { to: string; firstName: string; invitedBy: string | null; setupUrl: string }): OutgoingMail {
  const who = input.invitedBy ? `${oneLine(input.invitedBy)} invited you` : 'You have been invited';
  return mail(input.to, 'user_invitation', 'Welcome to Tessera', [
    `Hello ${oneLine(input.firstName)},`,
    `${who} to join your team's Tessera password manager.`,
    'Open the link below to create your account. The link works once and expires in 10 days.',
  ], { url: input.setupUrl, label: 'Set up your account' });
}

export function recoverMail(input: { to: string; firstName: string; recoverUrl: string }): OutgoingMail {
  return mail(input.to, 'user_recover', 'Recover your Tessera account', [
    `Hello ${oneLine(input.firstName)},`,
    'Someone (hopefully you) asked to recover your Tessera account. If it was not you, ignore this message.',
    'You will need your private key (or its backup) to recover your account.',
  ], { url: input.recoverUrl, label: 'Recover your account' });
}

export function resourceSharedMail(input: { to: string; firstName: string; sharedBy: string; resourceName: string; url: string }): OutgoingMail {
  return mail(input.to, 'resource_shared', `${oneLine(input.sharedBy)} shared a password with you`, [
    `Hello ${oneLine(input.firstName)},`,
    `${oneLine(input.sharedBy)} shared "${oneLine(input.resourceName)}" with you.`,
  ], { url: input.url, label: 'Open Tessera' });
}

export type GroupChange = 'added' | 'removed' | 'made_manager' | 'made_member';

const groupChangeText: Record<GroupChange, (group: string) => string> = {
  added: (g) => `You were added to the group "${g}".`,
  removed: (g) => `You were removed from the group "${g}".`,
  made_manager: (g) => `You are now a manager of the group "${g}".`,
  made_member: (g) => `You are no longer a manager of the group "${g}".`,
};

export function groupMembershipMail(input: { to: string; firstName: string; changedBy: string; groupName: string;
  change: GroupChange; url: string }): OutgoingMail {
  const group = oneLine(input.groupName);
  return mail(input.to, `group_${input.change}`, `${oneLine(input.changedBy)} changed your membership of ${group}`, [
    `Hello ${oneLine(input.firstName)},`,
    groupChangeText[input.change](group),
    `Changed by ${oneLine(input.changedBy)}.`,
  ], { url: input.url, label: 'Open Tessera' });
}
