import { ToilError } from '@toil/core';
import { describe, expect, it } from 'vitest';
import { CwlInputError, CwlUnsupportedError, CwlValidationError } from './errors.js';

describe('CWL errors', () => {
  it('are ToilErrors by brand, with stable codes, shown as their message', () => {
    const errors = [new CwlInputError('bad'), new CwlUnsupportedError('x'), new CwlValidationError('f:1:2', 'oops')];
    expect(errors.every((e) => ToilError.is(e) && e.userFacing)).toBe(true);
    expect(errors.map((e) => e.code)).toEqual(['CWL_BAD_INPUT', 'CWL_UNSUPPORTED', 'CWL_INVALID']);
    expect(errors[2].message).toBe('f:1:2: oops');
  });
});
