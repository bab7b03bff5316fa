import { getDefaultConfig, type WorkflowConfig } from '@toil/core';

/**
 * A complete workflow config with Toil's defaults, for tests. It holds values plain JSON cannot carry
 * (`Infinity`, nested maps) so stores prove they persist the config faithfully.
 */
export function testConfig(overrides: Partial<WorkflowConfig> = {}): WorkflowConfig {
  return {
    ...getDefaultConfig('file:/nonexistent/toil-test-store'),
    workflowId: 'test-workflow-0001',
    jobStore: 'memory:test',
    maxCores: Infinity,
    maxMemory: Infinity,
    environment: { TOIL_TEST: '1' },
    extra: { backendOption: [1, 2, 3] },
    ...overrides,
  };
}
