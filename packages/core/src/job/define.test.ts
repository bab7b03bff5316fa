import { describe, expect, it } from 'vitest';
import { checkDefinedAtLoad, defineJob, defineService, loadingWorkflowModule } from './define.js';

describe('checkDefinedAtLoad', () => {
  it('checks nothing in a process that never loaded a workflow module', () => {
    const local = defineJob('define-test.beforeLoad', async () => 1);
    expect(() => checkDefinedAtLoad('job', local.name, 'parent')).not.toThrow();
  });

  it('after a load, accepts what the load defined and refuses what was defined later, naming both jobs', async () => {
    await loadingWorkflowModule(async () => {
      defineJob('define-test.top', async () => 1);
      defineService('define-test.db', () => ({ start: () => 'x', stop: () => undefined }));
    });
    expect(() => checkDefinedAtLoad('job', 'define-test.top', 'parent')).not.toThrow();
    expect(() => checkDefinedAtLoad('service', 'define-test.db', 'parent')).not.toThrow();
    expect(() => checkDefinedAtLoad('job', 'toil.resolve', 'parent')).not.toThrow();

    const late = defineJob('define-test.late', async () => 2);
    expect(() => checkDefinedAtLoad('job', late.name, 'define-test.top')).toThrow(
      "Job 'define-test.top' adds the job 'define-test.late', which was not defined when the workflow module loaded (defineJob inside a job's body?), so a worker that has not run that code cannot run it. Define jobs with defineJob at module top level.",
    );
    // A job name is not a service name: each kind is checked on its own.
    expect(() => checkDefinedAtLoad('service', 'define-test.top', 'p')).toThrow(
      /adds the service 'define-test\.top'.*Define services with defineService at module top level\./,
    );
  });
});
