/** Debian's headless chromium (installed by tooling/ensure-chromium.sh), for tests of pages the CLI serves. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';

/**
 * Run `chromium --headless=new <args> <url>` with a throw-away profile and resolve with what it printed on stdout.
 * `--virtual-time-budget` lets the page's scripts run (and its event stream deliver) before the DOM is dumped or
 * the screenshot taken.
 */
export async function chromium(url: string, args: string[]): Promise<string> {
  const profile = await mkdtemp(join(tmpdir(), 'toil-chromium-'));
  try {
    return await new Promise((resolve, reject) => {
      const flags = [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--hide-scrollbars',
        `--user-data-dir=${profile}`,
        '--virtual-time-budget=5000',
        ...args,
        url,
      ];
      execFile(
        'chromium',
        flags,
        { encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => {
          if (error)
            reject(
              new Error(
                `chromium ${flags.join(' ')} failed (is it installed? bash tooling/ensure-chromium.sh): ${error.message}\n${stderr}`,
              ),
            );
          else resolve(stdout);
        },
      );
    });
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
