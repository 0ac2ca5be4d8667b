import { describe, expect, it } from 'vitest';
import { appInfoSchema } from '../../common/ipc';
import { AppInfoService } from './app-info.service';

describe('AppInfoService', () => {
  it('reports version, platform and the current lock state', () => {
    let locked = true;
    const service = new AppInfoService({ version: '0.1.0', platform: process.platform, lockState: { isLocked: () => locked } });
    expect(service.info()).toEqual({ version: '0.1.0', platform: process.platform, locked: true });
    locked = false;
    expect(service.info().locked).toBe(false);
  });

  it('answers what the app.info contract expects', () => {
    const service = new AppInfoService({ version: '2.0.0-beta.1', platform: 'win32', lockState: { isLocked: () => false } });
    expect(appInfoSchema.parse(service.info())).toEqual({ version: '2.0.0-beta.1', platform: 'win32', locked: false });
  });
});
