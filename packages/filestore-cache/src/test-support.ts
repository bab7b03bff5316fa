/**
 * Test support (not exported): a real file job store in a private temp dir, and worker processes that read through
 * the caching file store (fixtures/reader.mjs), with their downloads counted across processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileJobStore } from '@toil/jobstore-file';
import { testConfig } from '@toil/testing';

const READER = join(import.meta.dirname, 'fixtures', 'reader.mjs');

/** A temp folder holding a file job store (`store/`), a node work dir (`node/`) and the download log. */
export interface Rig {
  dir: string;
  store: FileJobStore;
  workDir: string;
  downloadLog: string;
  /** Write random bytes into the store; returns the ID and the bytes. */
  addFile(bytes: number): Promise<{ id: string; data: Buffer }>;
  /** How many downloads the reader processes made so far. */
  downloads(): Promise<number>;
  cleanup(): Promise<void>;
}

/** Make a rig (mkdtemp makes the folder 0700). */
export async function makeRig(): Promise<Rig> {
  const dir = await mkdtemp(join(tmpdir(), 'toil-fscache-'));
  const store = new FileJobStore(`file:${join(dir, 'store')}`);
  await store.initialize(testConfig());
  const downloadLog = join(dir, 'downloads.log');
  await writeFile(downloadLog, '');
  return {
    dir,
    store,
    workDir: join(dir, 'node'),
    downloadLog,
    async addFile(bytes) {
      const data = randomBytes(bytes);
      return { id: await store.writeFileBytes(data, { basename: 'input.bin' }), data };
    },
    async downloads() {
      return (await readFile(downloadLog, 'utf8')).split('\n').filter(Boolean).length;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** What a reader process printed: where its copy is and its inode. */
export interface ReaderResult {
  path: string;
  ino: number;
  size: number;
  nlink: number;
}

/** Options of one reader process. */
export interface ReaderOptions {
  disk?: number;
  bytesPerSecond?: number;
  mutable?: boolean;
  holdMs?: number;
  maxBytes?: number;
}

/** Start a reader process; `result` resolves with what it printed once it exits 0. */
export function startReader(rig: Rig, fileId: string, options: ReaderOptions = {}) {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      READER,
      rig.store.directory,
      rig.workDir,
      fileId,
      String(options.disk ?? 2 ** 30),
      String(options.bytesPerSecond ?? 64 * 2 ** 20),
      rig.downloadLog,
      options.mutable ? 'mutable' : 'readonly',
      String(options.holdMs ?? 0),
      String(options.maxBytes ?? Infinity),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const result = new Promise<ReaderResult & { stderr: string }>((resolve, reject) => {
    child.on('exit', (code, signal) => {
      if (code === 0) resolve({ ...(JSON.parse(out) as ReaderResult), stderr: err });
      else reject(new Error(`reader exited ${code ?? signal}: ${err}`));
    });
  });
  result.catch(() => undefined);
  return { child, result };
}
