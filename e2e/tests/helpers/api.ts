/** Options for running fixtures in this process through the Toil API (`Toil.start`, `Toil.open`, ...). */
import { join } from 'node:path';
import type { ToilOptions } from '@toil/core';
import { fixture } from './cli.js';

/**
 * Options for a workflow whose jobs live in `fixtureName`, with its job store in `dir`. The leader runs in the
 * test process; its workers are real single_machine worker processes that load the bundled fixture.
 */
export function apiOptions(dir: string, fixtureName: string, extra: Record<string, unknown> = {}): ToilOptions {
  return { jobStore: join(dir, 'js'), workflowModule: fixture(fixtureName), logLevel: 'WARNING', ...extra };
}
