// The `quick` domain: the quick-access window (a small search opened by the global shortcut or the tray).
// It searches and copies through the vault and clipboard domains; these are only its window's own needs.
import { z } from 'zod';
import { defineEvents, defineMethods } from './define';

export const quickMethods = defineMethods('quick', {
  /** Hides the quick-access window (after a copy, on Escape). */
  'quick.hide': { req: z.undefined(), res: z.null() },
  /** Shows the main window (to unlock with more room, or to see an item in full) and hides quick access. */
  'quick.openMain': { req: z.undefined(), res: z.null() },
});

export const quickEvents = defineEvents('quick', {
  /** The quick-access window was just shown: focus the search and start from an empty query. */
  'quick.shown': z.object({}),
});
