import { open } from 'node:fs/promises';

/** Show at most this much of each output file: the end of a log is where a failure explains itself. */
const TAIL_BYTES = 32 * 1024;

/** The end of a file, or undefined when it does not exist (yet: shared file systems lag). */
async function tail(path: string): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return (size > length ? `[... ${size - length} bytes skipped ...]\n` : '') + buffer.toString('utf8');
  } finally {
    await handle.close();
  }
}

/** The output files of a failed job, each under a header naming it; empty when none exist. */
export async function readJobOutput(paths: readonly string[]): Promise<string> {
  const parts: string[] = [];
  for (const path of new Set(paths)) {
    const text = await tail(path);
    if (text?.trim()) parts.push(`==> ${path} <==\n${text.endsWith('\n') ? text : `${text}\n`}`);
  }
  return parts.join('');
}
