import { describe, expect, it } from 'vitest';
import { lastOption, parseFakeArgs } from './fake-cli.js';

describe('parseFakeArgs', () => {
  it('reads valued options, -opt=value options, flags and operands the way scheduler clients do', () => {
    const args = parseFakeArgs(
      ['-l', 'nodes=1:ppn=2', '-l', 'walltime=1:00:00', '-cpu=2', '-V', '-N', 'name', 'job', '42'],
      ['-l', '-N', '-cpu'],
    );
    expect(args.options.get('-l')).toEqual(['nodes=1:ppn=2', 'walltime=1:00:00']);
    expect(lastOption(args, '-cpu')).toBe('2');
    expect(args.options.get('-V')).toEqual(['']);
    expect(lastOption(args, '-N')).toBe('name');
    expect(args.operands).toEqual(['job', '42']);
    expect(lastOption(args, '-q')).toBeUndefined();
  });
});
