// Wording for values that come from main.
import type { AppInfo } from '../../common/ipc';
import type { LockReason } from './app-info.store';

const platformNames: Partial<Record<AppInfo['platform'], string>> = {
  darwin: 'macOS',
  win32: 'Windows',
  linux: 'Linux',
  freebsd: 'FreeBSD',
  openbsd: 'OpenBSD',
  netbsd: 'NetBSD',
};

export function platformName(platform: AppInfo['platform']): string {
  return platformNames[platform] ?? platform;
}

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
