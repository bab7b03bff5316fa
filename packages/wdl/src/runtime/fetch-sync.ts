/**
 * Reading a WDL document from an http(s) URL synchronously. Documents are read while the bundle is assembled,
 * which is synchronous (a plain recursive walk over imports); Node has no synchronous HTTP client, so a child Node
 * process runs the built-in `fetch` and writes the body to its stdout. Imports are few and small, so one short
 * process per document costs little next to the run.
 */
import { execFileSync } from 'node:child_process';
import { WdlImportError } from '../errors.js';

/** How long one document may take to download. */
const TIMEOUT_MS = 60_000;

// Runs in the child: prints the body, or the reason on stderr with exit code 1.
const SCRIPT = `
const url = process.argv[1];
try {
  const res = await fetch(url, { redirect: 'follow' });
  if (!res.ok) { process.stderr.write('HTTP ' + res.status + ' ' + res.statusText); process.exit(1); }
  process.stdout.write(await res.text());
} catch (e) {
  process.stderr.write(String(e && e.cause ? e.cause.message ?? e.cause : e.message ?? e));
  process.exit(1);
}
`;

/** True for the URLs `fetchText` reads. */
export function isHttpUrl(uri: string): boolean {
  return /^https?:\/\//i.test(uri);
}

/** The text at an http(s) URL, or a WdlImportError quoting the URL and saying what went wrong. */
export function fetchText(url: string): string {
  try {
    return execFileSync(process.execPath, ['--input-type=module', '-e', SCRIPT, url], {
      encoding: 'utf8',
      timeout: TIMEOUT_MS,
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    const err = e as { stderr?: string; signal?: string };
    const reason = err.signal === 'SIGTERM' ? `no answer within ${TIMEOUT_MS / 1000} s` : err.stderr?.trim();
    throw new WdlImportError(url, reason || 'the download failed');
  }
}
