// Wording for values that come from main: times, permissions, lock reasons.
import type { EventPayload, PassphraseVerdict, ResourceDetail } from '../../../common/ipc';

export type LockReason = EventPayload<'session.locked'>['reason'];

const lockReasonText: Readonly<Record<LockReason, string>> = {
  user: 'You locked the vault.',
  idle: 'Locked after a period of inactivity.',
  suspend: 'Locked when the computer went to sleep.',
  'screen-lock': 'Locked when the screen was locked.',
  logout: 'Locked because you signed out.',
};

export function lockReasonMessage(reason: LockReason): string {
  return lockReasonText[reason];
}

/** "12 s ago", "3 min ago", "2 h ago", "4 days ago", then the date. */
export function ago(then: number, now: number): string {
  const s = Math.max(0, Math.round((now - then) / 1000));
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ago`;
  const d = Math.floor(h / 24);
  if (d < 30) return d === 1 ? 'yesterday' : `${d} days ago`;
  return new Date(then).toLocaleDateString();
}

export function agoIso(iso: string, now: number): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 'at an unknown time' : ago(t, now);
}

export function fullDate(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? '' : new Date(t).toLocaleString();
}

/** "15 min", "1 h", "90 s". */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = m / 60;
  return Number.isInteger(h) ? `${h} h` : `${Math.round(h * 10) / 10} h`;
}

export function permissionLabel(type: ResourceDetail['permission']): string {
  return type === 15 ? 'owner' : type === 7 ? 'can update' : 'can read';
}

/** An OpenPGP fingerprint in groups of four, as people compare them aloud. */
export function groupedFingerprint(fingerprint: string): string {
  return fingerprint.replace(/\s+/g, '').toUpperCase().replace(/(.{4})(?=.)/g, '$1 ');
}

export function strengthLabel(strength: PassphraseVerdict['strength']): string {
  switch (strength) {
    case 'very-weak': return 'Very weak';
    case 'weak': return 'Weak';
    case 'fair': return 'Fair';
    case 'strong': return 'Strong';
    case 'very-strong': return 'Very strong';
    default: return 'Not rated';
  }
}

/** The first letter of a name, for the row's monogram (a letter, not a hidden mark or a symbol). */
export function initial(name: string): string {
  const letter = /[\p{L}\p{N}]/u.exec(name)?.[0];
  return letter ? letter.toLocaleUpperCase() : '•';
}
