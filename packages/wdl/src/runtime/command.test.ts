import { describe, expect, it } from 'vitest';
import { Env } from '../eval/env.js';
import { callStdlib } from '../stdlib/index.js';
import { parseDocument } from '../syntax/parse.js';
import { V } from '../values.js';
import { renderCommand } from './command.js';

/** The rendered command of the only task in `wdl`, with `lines` bound to ["a", "b", "c"]. */
function render(wdl: string): string {
  const task = parseDocument(wdl, 'cmd.wdl').tasks[0];
  const env = new Env().bind('lines', V.array(['a', 'b', 'c'].map(V.string)));
  const ctx = { cwd: process.cwd(), writeDir: process.cwd(), version: '1.1' };
  return renderCommand(task.command.parts, {
    env,
    call: (name, args, pos) => callStdlib(name, args, ctx, pos),
    struct: () => undefined,
  });
}

describe('renderCommand', () => {
  it('removes the common indentation of the literal lines, also those after a multi-line placeholder', () => {
    // The DataBiosphere dedent case: the here-document's terminator must reach column 0.
    const wdl = [
      'version 1.1',
      'task t {',
      '  command <<<',
      '        cat >temp.txt <<EOF2',
      '        ~{sep="\\n" lines}',
      '        EOF2',
      '          echo "indented"',
      '  >>>',
      '}',
    ].join('\n');
    expect(render(wdl)).toBe('cat >temp.txt <<EOF2\na\nb\nc\nEOF2\n  echo "indented"');
  });
});
