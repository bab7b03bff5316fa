/**
 * A warm worker whose output reader is gone (its leader was killed) ends at once. Before, every write to the
 * broken stderr was an uncaught EPIPE, and reporting it as a stray error was another write that failed: a loop
 * at full CPU that once outlived its leader by many minutes in the crash test.
 */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { tempDir } from './helpers/temp.js';

const workerProcess = createRequire(import.meta.url).resolve('@toil/core/worker-process');

it('a warm worker whose stderr reader is gone exits (70) at its next write instead of looping on EPIPE', async () => {
  const dir = await tempDir();
  const script = join(dir, 'orphan.mjs');
  // The real warm-worker entry point, then two errors no job owns: the first goes to the leader over IPC, the
  // second is written to stderr, whose reader (the "leader" below) has gone.
  writeFileSync(
    script,
    `await import(${JSON.stringify(pathToFileURL(workerProcess).href)});\n` +
      `process.on('message', (m) => { if (m === 'go') { Promise.reject(new Error('stray one')); setTimeout(() => Promise.reject(new Error('stray two')), 50); } });\n`,
  );
  const child = fork(script, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const messages: { type?: string; text?: string }[] = [];
  child.on('message', (m) => messages.push(m as { type?: string }));
  await new Promise<void>((resolve) => child.once('message', () => resolve())); // 'ready'
  child.stderr!.destroy();
  child.send('go');
  // The IPC channel stays open: the worker must end because of the broken pipe itself, not a disconnect.
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  const result = await exited;
  clearTimeout(timer);
  expect(messages.find((m) => m.type === 'stray')?.text).toContain('stray one');
  expect(result).toEqual({ code: 70, signal: null });
});
