// How a row names its website in the quick-search list: the host alone ("github.com"), which is what people
// recognise at a glance. An address without a scheme is read as https; anything that is not http(s) is shown as
// it was typed (as text only: nothing here is ever opened or navigated to by the window).
export function websiteHost(uri: string | null): string {
  const text = uri?.trim() ?? '';
  if (!text) return '';
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`;
  try {
    const url = new URL(withScheme);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.host) return url.host;
  } catch {
    // Not an address a browser would parse: shown as typed.
  }
  return text;
}
