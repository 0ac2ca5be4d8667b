// Names shared by the harness's page side and test side.
/** The Playwright binding that plays ipcRenderer.invoke. */
export const HARNESS_BINDING = '__tesseraInvoke';
/** The DOM event that plays ipcRenderer.on for main -> renderer events. */
export const HARNESS_EVENT = 'tessera-harness:event';
