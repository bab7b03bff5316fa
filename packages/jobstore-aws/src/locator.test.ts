import { describe, expect, it } from 'vitest';
import { parseAwsLocator } from './locator.js';
import { s3Env, s3Settings } from './s3-config.js';

describe('parseAwsLocator', () => {
  it('gives the region, the name and the bucket <name>--toil', () => {
    expect(parseAwsLocator('aws:us-west-2:my-workflow', {})).toEqual({
      locator: 'aws:us-west-2:my-workflow',
      region: 'us-west-2',
      name: 'my-workflow',
      bucket: 'my-workflow--toil',
    });
    expect(parseAwsLocator('aws:us-gov-west-1:abc', {}).bucket).toBe('abc--toil');
  });

  it.each([
    ['aws:us-west-2', 'three parts'],
    ['aws:us-west-2:a:b', 'three parts'],
    ['aws:uswest:name', "'uswest' is not an AWS region"],
    ['aws:us-west-2:My-Workflow', "the name 'My-Workflow' is not usable"],
    ['aws:us-west-2:ab', "the name 'ab' is not usable"],
    ['aws:us-west-2:-abc', "the name '-abc' is not usable"],
    ['aws:us-west-2:my_flow', "the name 'my_flow' is not usable"],
    ['aws:us-west-2:my--flow', "contains '--', which Toil reserves"],
    [`aws:us-west-2:${'a'.repeat(58)}`, 'use 3 to 57'],
  ])('refuses %s, quoting it and saying what works', (locator, message) => {
    expect(() => parseAwsLocator(locator, {})).toThrow(`Invalid job store locator '${locator}': `);
    expect(() => parseAwsLocator(locator, {})).toThrow(message);
  });

  it('takes any region name an S3-compatible server may use when TOIL_S3_HOST is set', () => {
    expect(parseAwsLocator('aws:default:store', { TOIL_S3_HOST: '127.0.0.1' }).region).toBe('default');
  });
});

describe('s3Settings', () => {
  it('uses AWS itself when TOIL_S3_HOST is unset', () => {
    expect(s3Settings('eu-west-1', {})).toEqual({ region: 'eu-west-1' });
  });

  it("builds the endpoint from Toil's TOIL_S3_* variables, with SSL unless turned off", () => {
    expect(s3Settings('us-east-1', { TOIL_S3_HOST: 'minio', TOIL_S3_PORT: '9010', TOIL_S3_USE_SSL: 'False' })).toEqual({
      region: 'us-east-1',
      endpoint: 'http://minio:9010',
    });
    expect(s3Settings('us-east-1', { TOIL_S3_HOST: 's3.example.org' }).endpoint).toBe('https://s3.example.org');
    expect(s3Settings('us-east-1', { TOIL_S3_HOST: '::1', TOIL_S3_PORT: '80' }).endpoint).toBe('https://[::1]:80');
  });

  it('refuses a bad port or SSL flag, quoting it', () => {
    expect(() => s3Settings('r', { TOIL_S3_HOST: 'h', TOIL_S3_PORT: '99999' })).toThrow(
      'Invalid TOIL_S3_PORT "99999": use a port number from 1 to 65535',
    );
    expect(() => s3Settings('r', { TOIL_S3_HOST: 'h', TOIL_S3_USE_SSL: 'maybe' })).toThrow(
      `Invalid TOIL_S3_USE_SSL "maybe": use 'True' or 'False'`,
    );
  });

  it('passes the TOIL_S3_* variables, and never credentials, to workers', () => {
    const env = { TOIL_S3_HOST: 'h', TOIL_S3_PORT: '1', AWS_SECRET_ACCESS_KEY: 'secret', TOIL_S3_USE_SSL: '' };
    expect(s3Env(env)).toEqual({ TOIL_S3_HOST: 'h', TOIL_S3_PORT: '1' });
  });
});
