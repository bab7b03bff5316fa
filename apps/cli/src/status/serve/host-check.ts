/**
 * DNS rebinding guard of `toil status --serve`. The server listens on 127.0.0.1 only, but a web page from anywhere
 * can point its own name at 127.0.0.1 and then read the status page (job logs included) as same-origin content.
 * The browser still sends that name in the `Host` header, so answering only requests for a loopback name closes it.
 */

/** The names a browser on this machine uses for the server. `localhost` and `127.0.0.1` resolve only here. */
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether a request with this `Host` header may be answered: only when it names this machine by a loopback name.
 * Any port is accepted: rebinding cannot forge the name, only the port, and `ssh -L 8080:127.0.0.1:<port>` makes a
 * browser send `localhost:8080`, which must keep working. A missing or malformed header is refused.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  let url: URL;
  try {
    // URL parses what the header may hold (`name`, `name:port`, `[v6]:port`) and lower-cases the name.
    url = new URL(`http://${host}/`);
  } catch {
    return false;
  }
  return url.username === '' && url.password === '' && url.pathname === '/' && LOOPBACK_NAMES.has(url.hostname);
}

/** The body of the refusal: why, and the URL that works. */
export function refusalText(host: string | undefined, url: string): string {
  return `Forbidden: this status page answers requests for localhost or 127.0.0.1 only, not for ${JSON.stringify(host ?? '')}. Open ${url} instead.\n`;
}
