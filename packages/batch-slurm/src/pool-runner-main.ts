/**
 * The program a pooled array's task runs when its jobs are Toil workers: `node pool-runner-main.js <poolDir>
 * <taskId> <taskIndex> <arrayId>` with the jobs (PoolJobs as JSON) on stdin. See pool-runner.ts.
 */
import { text } from 'node:stream/consumers';
import { runPool, type PoolJobs } from './pool-runner.js';

const [dir, taskId, taskIndex, arrayId] = process.argv.slice(2);
const jobs = JSON.parse(await text(process.stdin)) as PoolJobs;
await runPool({
  ...jobs,
  dir,
  taskId,
  taskIndex: Number(taskIndex),
  arrayId,
  pluginUrl: process.env.TOIL_JOBSTORE_PLUGIN,
});
process.exit(0);
