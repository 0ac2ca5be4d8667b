// Imported first by the page bridge. Zod probes `new Function` to speed up parsing; under the page's CSP (Trusted
// Types) that probe is a violation. preload/bridge.ts turns it off too, but only after common/ipc has been
// evaluated, which may probe already: in Electron's preload and the e2e harness's init script the page's CSP does
// not apply, here the bridge is an ordinary page script, so the switch must come before anything else.
import { z } from 'zod';

z.config({ jitless: true });
