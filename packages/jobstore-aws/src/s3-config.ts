import { InvalidValueError } from '@toil/core';

/** Where and how to reach S3: AWS itself, or an S3-compatible server named by Toil's TOIL_S3_* variables. */
export interface S3Settings {
  region: string;
  /** `http(s)://host[:port]` of an S3-compatible server; undefined for AWS (the SDK picks the regional endpoint). */
  endpoint?: string;
}

/**
 * Read TOIL_S3_HOST, TOIL_S3_PORT and TOIL_S3_USE_SSL (True by default, as in Toil) for a region. Credentials are
 * not read here: the SDK's default chain reads AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE and the
 * ~/.aws files, as every AWS tool does.
 */
export function s3Settings(region: string, env: NodeJS.ProcessEnv = process.env): S3Settings {
  const host = env.TOIL_S3_HOST ?? '';
  if (host === '') return { region };
  const port = env.TOIL_S3_PORT ?? '';
  if (port !== '' && !(/^\d+$/.test(port) && Number(port) > 0 && Number(port) < 65536)) {
    throw new InvalidValueError('TOIL_S3_PORT', port, 'use a port number from 1 to 65535, or leave it unset');
  }
  const ssl = (env.TOIL_S3_USE_SSL ?? 'True').toLowerCase();
  if (!['true', 'false', '1', '0', 'yes', 'no'].includes(ssl)) {
    throw new InvalidValueError('TOIL_S3_USE_SSL', env.TOIL_S3_USE_SSL, "use 'True' or 'False'");
  }
  const scheme = ['true', '1', 'yes'].includes(ssl) ? 'https' : 'http';
  const hostPart = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return { region, endpoint: `${scheme}://${hostPart}${port === '' ? '' : `:${port}`}` };
}

/** The variables a worker needs to reach the same server (credentials travel in the inherited environment). */
export function s3Env(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ['TOIL_S3_HOST', 'TOIL_S3_PORT', 'TOIL_S3_USE_SSL']) {
    const value = env[name];
    if (value !== undefined && value !== '') out[name] = value;
  }
  return out;
}
