import { decode, encode, type Encoded } from '../codec/codec.js';
import { CodecVersionError, DamagedJobStoreError } from '../errors.js';
import type { WorkflowConfig } from './config.js';

/**
 * Serialize a config for the job store (`config.json`). Goes through the codec because plain JSON would turn
 * the unlimited defaults (Infinity) into null.
 */
export function serializeConfig(config: WorkflowConfig): string {
  return JSON.stringify(encode(config, 'the workflow config'), null, 1);
}

/** Where a stored config came from, for the message when it is damaged. */
export interface ConfigSource {
  /** The job store's locator. */
  locator: string;
  /** The config's file path (file store) or name. */
  file: string;
}

/** Fields a restart and every operating command rely on, with the type they must have. */
const REQUIRED_FIELDS: [keyof WorkflowConfig, 'string' | 'number'][] = [
  ['workflowId', 'string'],
  ['workflowAttemptNumber', 'number'],
  ['jobStore', 'string'],
  ['batchSystem', 'string'],
  ['retryCount', 'number'],
];

/**
 * Read a stored config. A config from a newer Toil fails with CodecVersionError; a truncated, garbled or
 * incomplete one with DamagedJobStoreError naming `source.file`.
 */
export function deserializeConfig(
  text: string,
  source: ConfigSource = { locator: 'the job store', file: 'shared/config.json' },
): WorkflowConfig {
  const damaged = (problem: string) =>
    new DamagedJobStoreError(source.locator, `the workflow config ${source.file}`, problem);
  if (text.trim() === '') throw damaged('is empty (truncated)');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw damaged(`is not valid JSON (${oneLine((error as Error).message)}): truncated or garbled`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw damaged('is not a JSON object');
  const version = (parsed as { configVersion?: unknown }).configVersion;
  // A newer Toil's config is not damage: CodecVersionError says to upgrade.
  if (typeof version === 'number' && Number.isInteger(version) && version > 1) throw new CodecVersionError(version, 1);
  if (version !== 1) throw damaged(`has configVersion ${JSON.stringify(version) ?? 'missing'}, not 1`);
  let config: WorkflowConfig;
  try {
    config = decode(parsed as Encoded) as WorkflowConfig;
  } catch (error) {
    throw damaged(`holds a value that cannot be decoded (${oneLine((error as Error).message)})`);
  }
  for (const [field, type] of REQUIRED_FIELDS) {
    if (typeof config[field] !== type)
      throw damaged(
        `has ${config[field] === undefined ? `no '${field}' field` : `a wrongly-typed '${field}' field (${JSON.stringify(config[field])})`}`,
      );
  }
  return config;
}

/** An error message on one line (JSON.parse quotes the bad text, newlines included). */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
