import { decode, encode, type Encoded } from '../codec/codec.js';
import { CodecVersionError } from '../errors.js';
import type { WorkflowConfig } from './config.js';

/**
 * Serialize a config for the job store (`config.json`). Goes through the codec because plain JSON would turn
 * the unlimited defaults (Infinity) into null.
 */
export function serializeConfig(config: WorkflowConfig): string {
  return JSON.stringify(encode(config, 'the workflow config'), null, 1);
}

/** Read a stored config; a config from a newer Toil fails with CodecVersionError. */
export function deserializeConfig(text: string): WorkflowConfig {
  const config = decode(JSON.parse(text) as Encoded) as WorkflowConfig;
  if (config.configVersion !== 1) throw new CodecVersionError(config.configVersion, 1);
  return config;
}
