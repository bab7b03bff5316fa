import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { MalformedStatsBlobError } from '@toil/core';
import { testConfig } from '@toil/testing';
import { FileJobStore } from './file-job-store.js';

let parent: string;
let store: FileJobStore;
beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), 'toil-stats-'));
  store = new FileJobStore(`file:${join(parent, 'js')}`);
  await store.initialize(testConfig());
});
afterEach(async () => {
  await rm(parent, { recursive: true, force: true });
});

it('keeps a blob rejected as malformed in stats/bad/, for a human to look at, and the good ones in stats/read/', async () => {
  await store.writeStatsAndLogging('{"cut off');
  await store.writeStatsAndLogging('{"ok":true}');
  const count = await store.readStatsAndLogging((blob) => {
    if (blob.startsWith('{"cut')) throw new MalformedStatsBlobError(blob, 'not JSON');
  });
  expect(count).toBe(2);
  const stats = join(store.directory, 'stats');
  expect((await readdir(stats)).sort()).toEqual(['bad', 'read']);
  const [bad] = await readdir(join(stats, 'bad'));
  expect(await readFile(join(stats, 'bad', bad), 'utf8')).toBe('{"cut off');
  const [read] = await readdir(join(stats, 'read'));
  expect(await readFile(join(stats, 'read', read), 'utf8')).toBe('{"ok":true}');
});
