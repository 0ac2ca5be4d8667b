// Facts about the running app for the first screen: version, platform, and whether the vault is locked.
import type { AppInfo } from '../../common/ipc';

/** Whatever owns the unlocked key material answers this (the session service). */
export interface LockStateSource {
  isLocked(): boolean;
}

export interface AppInfoServiceDeps {
  /** The packaged app's version (Electron's app.getVersion(), package.json in tests). */
  readonly version: string;
  readonly platform: AppInfo['platform'];
  readonly lockState: LockStateSource;
}

export class AppInfoService {
  constructor(private readonly deps: AppInfoServiceDeps) {}

  info(): AppInfo {
    return { version: this.deps.version, platform: this.deps.platform, locked: this.deps.lockState.isLocked() };
  }
}
