// `tessera://` links (the server's invitation page offers one): the app registers the scheme, and a link
// reaches it as an `open-url` event on macOS or as an argument of a second launch on Windows and Linux. Only a
// well-formed invitation is passed on, as the https link the mail carried; the window then runs the usual
// join flow, which checks it again with the server.
import { app } from 'electron';
import { APP_LINK_SCHEME, parseAppLink } from '../../common/invitation-link';

/** The invitation link in a command line, if one of its arguments is a valid `tessera://` invitation. */
export function invitationFromArgv(argv: readonly string[]): string | undefined {
  for (const arg of argv) {
    if (!arg.startsWith(APP_LINK_SCHEME)) continue;
    const link = parseAppLink(arg);
    if (link?.kind === 'invitation') return link.invitationUrl;
  }
  return undefined;
}

/** Registers the scheme and calls `onInvitation` for every invitation link the OS hands over. */
export function handleAppLinks(onInvitation: (invitationLink: string) => void): void {
  // In development the app is `electron path/to/app`: the registration must name the script too.
  if (process.defaultApp && process.argv[1]) app.setAsDefaultProtocolClient('tessera', process.execPath, [process.argv[1]]);
  else app.setAsDefaultProtocolClient('tessera');
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const link = parseAppLink(url);
    if (link?.kind === 'invitation') onInvitation(link.invitationUrl);
  });
  app.on('second-instance', (_event, argv) => {
    const link = invitationFromArgv(argv);
    if (link) onInvitation(link);
  });
}
