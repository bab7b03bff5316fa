import { describe, expect, it } from 'vitest';
import { InvalidLocatorError } from '../errors.js';
import { buildLocator, parseLocator } from './locator.js';

describe('parseLocator', () => {
  it('treats paths and colon-free names as file job stores, made absolute', () => {
    expect(parseLocator('./js', '/home/me')).toEqual({
      scheme: 'file',
      rest: '/home/me/js',
      locator: 'file:/home/me/js',
    });
    expect(parseLocator('js', '/home/me').locator).toBe('file:/home/me/js');
    expect(parseLocator('/data/js').locator).toBe('file:/data/js');
    expect(parseLocator('../up/js', '/home/me').locator).toBe('file:/home/up/js');
    // Starting with '.' or '/' makes it a path even with a colon in it.
    expect(parseLocator('./a:b', '/x').locator).toBe('file:/x/a:b');
  });

  it('accepts file: with an absolute, relative or URL path', () => {
    expect(parseLocator('file:/data/js')).toEqual({ scheme: 'file', rest: '/data/js', locator: 'file:/data/js' });
    expect(parseLocator('file:js', '/home/me').locator).toBe('file:/home/me/js');
    expect(parseLocator('file:///data/js').locator).toBe('file:/data/js');
  });

  it('splits other locators at the first colon', () => {
    expect(parseLocator('aws:us-west-2:my-prefix')).toEqual({
      scheme: 'aws',
      rest: 'us-west-2:my-prefix',
      locator: 'aws:us-west-2:my-prefix',
    });
    expect(parseLocator('google:proj:pre').scheme).toBe('google');
    expect(buildLocator('aws', 'us-west-2:x')).toBe('aws:us-west-2:x');
  });

  it('rejects malformed locators with a message naming them', () => {
    expect(() => parseLocator('file:')).toThrow(InvalidLocatorError);
    expect(() => parseLocator('file:')).toThrow(
      "Invalid job store locator 'file:': nothing follows 'file:'; use a locator like 'file:/data/my-jobstore'",
    );
    expect(() => parseLocator('aws:')).toThrow("nothing follows 'aws:'");
    expect(() => parseLocator('AWS:us-west-2:x')).toThrow("'AWS' is not a job store type");
    expect(() => parseLocator('my_store:x')).toThrow(InvalidLocatorError);
    expect(() => parseLocator('')).toThrow('it is empty');
    expect(() => parseLocator('file://host/x')).toThrow('not a local file URL');
  });
});
