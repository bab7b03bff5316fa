import { describe, expect, it } from 'vitest';
import { CodecVersionError, DamagedJobStoreError } from '../errors.js';
import { deserializeConfig, serializeConfig } from './config-codec.js';
import type { WorkflowConfig } from './config.js';

const config = {
  configVersion: 1,
  workflowId: 'w-1',
  workflowAttemptNumber: 0,
  jobStore: 'file:/js',
  batchSystem: 'single_machine',
  retryCount: 1,
  maxCores: Infinity,
} as unknown as WorkflowConfig;
const source = { locator: 'file:/js', file: '/js/shared/config.json' };

function damage(text: string): string {
  try {
    deserializeConfig(text, source);
  } catch (error) {
    expect(error).toBeInstanceOf(DamagedJobStoreError);
    return (error as DamagedJobStoreError).problem;
  }
  throw new Error('no error');
}

describe('deserializeConfig', () => {
  it('reads back what serializeConfig wrote, Infinity included', () => {
    expect(deserializeConfig(serializeConfig(config), source)).toEqual(config);
  });

  it('a truncated, empty, non-object or incomplete config is DamagedJobStoreError naming the file', () => {
    const text = serializeConfig(config);
    expect(damage(text.slice(0, 20))).toMatch(/^is not valid JSON \(.+\): truncated or garbled$/);
    expect(damage('')).toBe('is empty (truncated)');
    expect(damage('"config"')).toBe('is not a JSON object');
    expect(damage(JSON.stringify({ configVersion: 1 }))).toBe("has no 'workflowId' field");
    expect(damage(JSON.stringify({ ...JSON.parse(text), retryCount: 'one' }))).toBe(
      `has a wrongly-typed 'retryCount' field ("one")`,
    );
    expect(damage(JSON.stringify({ workflowId: 'w' }))).toBe('has configVersion missing, not 1');
    expect(() => deserializeConfig('', source)).toThrow(
      "The job store file:/js is damaged: the workflow config /js/shared/config.json is empty (truncated). Nothing was changed; restore the job store from a copy, or delete it with 'toil clean file:/js' and run the workflow again.",
    );
  });

  it('a config from a newer Toil is CodecVersionError, not damage', () => {
    expect(() =>
      deserializeConfig(JSON.stringify({ ...JSON.parse(serializeConfig(config)), configVersion: 2 }), source),
    ).toThrow(CodecVersionError);
  });
});
