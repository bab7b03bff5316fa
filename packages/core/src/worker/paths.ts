import { fileURLToPath } from 'node:url';

/**
 * Absolute path of the warm-worker entry point (`worker-process.js`) of this copy of @toil/core. It sits next to
 * the built index; batch systems that keep warm workers fork it.
 */
export function workerProcessPath(): string {
  return fileURLToPath(new URL('./worker-process.js', import.meta.url));
}
