import { ToilError } from '@toil/core';

/** A scheduler refused or failed a request in a way retrying will not fix. */
export class SchedulerError extends ToilError {
  constructor(message: string) {
    super('SCHEDULER', message);
  }
}
