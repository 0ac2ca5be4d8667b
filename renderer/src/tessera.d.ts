// `window.tessera` is installed by the preload before any renderer code runs.
import type { TesseraApi } from '../../common/ipc';

declare global {
  interface Window {
    readonly tessera: TesseraApi;
  }
}
