/**
 * @toil/jobstore-file: the job store in a directory (`file:<absolute path>`), Toil's FileJobStore.
 */
export { FileJobStore } from './file-job-store.js';
export { parseFileLocator } from './locator.js';
export { plugin } from './plugin.js';
