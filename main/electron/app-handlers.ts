// IPC handlers of the `app` domain: each contract method mapped to a service call, nothing more.
import type { appMethods } from '../../common/ipc/app';
import type { AppInfoService } from '../services/app-info.service';
import type { IpcHandlers } from './ipc-dispatch';

export function appHandlers(appInfo: AppInfoService): IpcHandlers<typeof appMethods> {
  return {
    'app.info': () => appInfo.info(),
  };
}
