// The `vault` domain: resources the user can see. Methods arrive with the vault service.
import { z } from 'zod';
import { defineEvents } from './define';

export const vaultEvents = defineEvents('vault', {
  /** These resources changed (added, edited, shared, removed); the renderer re-queries the ones it shows. */
  'vault.changed': z.object({ resourceIds: z.array(z.uuid()) }),
});
