import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from './host-check.js';

describe('isLoopbackHost', () => {
  it('accepts the loopback names, with or without a port, in any case', () => {
    for (const host of ['127.0.0.1:4242', '127.0.0.1', 'localhost:4242', 'LOCALHOST:8080', 'localhost', '[::1]:4242'])
      expect(isLoopbackHost(host), host).toBe(true);
  });

  it('refuses other names, a missing header and what is not a host', () => {
    for (const host of [
      undefined,
      '',
      'evil.example',
      'evil.example:4242',
      'localhost.evil.example:4242',
      '127.0.0.1.nip.io',
      'user@localhost',
      'localhost/x',
      'local host',
      '192.0.2.2:4242',
    ]) {
      expect(isLoopbackHost(host), String(host)).toBe(false);
    }
  });
});
