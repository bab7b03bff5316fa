import { describe, expect, it } from 'vitest';
import { gcsEnv, gcsSettings } from './gcs-config.js';
import { parseGoogleLocator } from './locator.js';

describe('google: locators', () => {
  it('map google:<project>:<name> to the bucket <name>--toil in that project', () => {
    expect(parseGoogleLocator('google:my-project-1:my_workflow-2')).toEqual({
      locator: 'google:my-project-1:my_workflow-2',
      project: 'my-project-1',
      name: 'my_workflow-2',
      bucket: 'my_workflow-2--toil',
    });
  });

  it.each([
    ['google:my-workflow', 'has three parts'],
    ['gce:my-project:wf', 'has three parts'],
    ['google:My-Project:wf1', "'My-Project' is not a Google project ID"],
    ['google:example.com:proj:wf', 'has three parts'],
    ['google:my-project:wf--x', "contains '--', which Toil reserves"],
    ['google:my-project:Upper', "the name 'Upper' is not usable in a GCS bucket name"],
    ['google:my-project:ab', 'use 3 to 57 lower-case letters'],
    ['google:my-project:with.dot', 'is not usable in a GCS bucket name'],
    [`google:my-project:${'a'.repeat(58)}`, 'use 3 to 57'],
    ['google:my-project:googly-eyes', "starts with 'goog' or contains 'google'"],
    ['google:my-project:my-google-wf', "starts with 'goog' or contains 'google'"],
  ])('refuse %s, quoting it and saying what works', (locator, message) => {
    expect(() => parseGoogleLocator(locator)).toThrow(`Invalid job store locator '${locator}'`);
    expect(() => parseGoogleLocator(locator)).toThrow(message);
  });
});

describe('TOIL_GCS_ENDPOINT', () => {
  it('is Google itself when unset, a server base URL otherwise, authenticated only with credentials', () => {
    expect(gcsSettings('p-123456', {})).toEqual({ project: 'p-123456', authenticate: true });
    expect(gcsSettings('p-123456', { TOIL_GCS_ENDPOINT: 'http://127.0.0.1:4443/' })).toEqual({
      project: 'p-123456',
      endpoint: 'http://127.0.0.1:4443',
      authenticate: false,
    });
    const env = { TOIL_GCS_ENDPOINT: 'http://127.0.0.1:4443', GOOGLE_APPLICATION_CREDENTIALS: '/k.json' };
    expect(gcsSettings('p-123456', env).authenticate).toBe(true);
    expect(gcsEnv({ ...env, GOOGLE_CLOUD_SECRET: 'x' })).toEqual(env);
  });

  it('that is not a base URL is refused, quoted', () => {
    expect(() => gcsSettings('p-123456', { TOIL_GCS_ENDPOINT: '127.0.0.1:4443' })).toThrow(
      'Invalid TOIL_GCS_ENDPOINT "127.0.0.1:4443"',
    );
    expect(() => gcsSettings('p-123456', { TOIL_GCS_ENDPOINT: 'http://h/storage/v1' })).toThrow(
      "use a server's base URL like 'http://127.0.0.1:4443'",
    );
  });
});
