/**
 * The leader's log drain through the real CLI: an entry of the job store's stats/logging channel that cannot be
 * parsed (a truncated or foreign file) is reported once and set aside, and the jobs' messages after it still reach
 * the leader's log with --realTimeLogging.
 */
import { existsSync } from 'node:fs';
import { readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { startToil, waitForFiles } from './helpers/background.js';
import { fixture } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

it('warns once about a stats/logging entry that cannot be parsed, sets it aside and goes on relaying messages', async () => {
  const dir = await tempDir();
  const store = join(dir, 'js');
  const go = join(dir, 'go');
  const marker = join(dir, 'marker');
  const run = startToil([
    'run',
    fixture('log-drain.ts'),
    store,
    '--job',
    'logsOnCue',
    '--args',
    JSON.stringify([go, marker, 60_000]),
    '--realTimeLogging',
    '--clean',
    'never',
  ]);
  let stderr = '';
  run.child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (stderr.includes(': message sent after the bad entry') && !existsSync(marker)) void writeFile(marker, 'seen');
  });
  // A truncated entry that sorts before anything a worker writes, put in place atomically as a store would.
  await waitForFiles([join(store, 'stats')]);
  await writeFile(join(dir, 'bad-entry'), '{"logs": [{"jobStoreID": "job', 'utf8');
  await rename(join(dir, 'bad-entry'), join(store, 'stats', '000000000000000-truncated'));
  await writeFile(go, 'go');

  const result = await run.done;
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout).toBe('"saw the marker"\n');
  const warnings = result.stderr.split('\n').filter((line) => line.includes('stats/logging entry'));
  expect(warnings).toEqual([
    expect.stringMatching(
      /WARNING toil: The stats\/logging entry "\{\\"logs\\": \[\{\\"jobStoreID\\": \\"job" is not a valid record: it is not JSON \(.+\)\. Set it aside in the job store file:\S+; the messages in it are lost\.$/,
    ),
  ]);
  expect(result.stderr).toMatch(/Got message from job 'drain\.logsOnCue' \S+ at \S+: message sent after the bad entry/);
  // Kept in the store for a human to look at, out of the channel.
  expect(await readdir(join(store, 'stats', 'bad'))).toEqual(['000000000000000-truncated']);
  expect(await readFile(join(store, 'stats', 'bad', '000000000000000-truncated'), 'utf8')).toBe(
    '{"logs": [{"jobStoreID": "job',
  );
});
