/**
 * @toil/core: the job model, codec, leader, worker and Toil API of Toil for TypeScript, plus the interfaces
 * every backend (job store, batch system, provisioner) implements.
 */
export * from './errors.js';
export * from './codec/codec.js';
export * from './requirements/bytes.js';
export * from './requirements/requirements.js';
export * from './filestore/file-id.js';
export * from './jobstore/description.js';
export * from './jobstore/jobstore.js';
export * from './batch/batch-system.js';
export * from './options/config.js';
export { defineJob, defineService, isJobDef, isServiceDef, lookupJob, registeredJobNames } from './job/define.js';
export type { JobDef, JobFunction, ServiceDef, ServiceInstance } from './job/define.js';
export { Rv, type Promised, type PromisedArgs, type Unpromised } from './job/promise.js';
