import { describe, expect, it } from 'vitest';
import { parseDocument } from '../syntax/parse.js';
import { rewriteForVersion } from './rewrite.js';

const source = [
  'version 1.1',
  'task t {',
  '  input {',
  '    String s = "a{b}"',
  '  }',
  '  command <<<',
  '    echo ~{s}',
  '  >>>',
  '  runtime {',
  '    container: "ubuntu:latest"',
  '  }',
  '}',
].join('\n');

describe('rewriteForVersion', () => {
  it('turns a 1.1 document into draft-2: no version, no input section, {} command with ${}, docker', () => {
    const out = rewriteForVersion(source, 'draft-2');
    expect(out).toBe(
      [
        'task t {',
        '    String s = "a{b}"',
        '  command {',
        '    echo ${s}',
        '  }',
        '  runtime {',
        '    docker: "ubuntu:latest"',
        '  }',
        '}',
      ].join('\n'),
    );
    const doc = parseDocument(out, 'd2.wdl');
    expect(doc.version).toBe('draft-2');
    expect(doc.tasks[0].inputs.map((d) => d.name)).toEqual(['s']);
  });

  it('changes only the version line for 1.1, and container to docker for 1.0', () => {
    expect(rewriteForVersion(source.replace('1.1', '1.0'), '1.1').split('\n')[0]).toBe('version 1.1');
    const v10 = rewriteForVersion(source, '1.0');
    expect(v10.split('\n')[0]).toBe('version 1.0');
    expect(v10).toContain('docker: "ubuntu:latest"');
    expect(parseDocument(v10, 'v10.wdl').version).toBe('1.0');
  });
});
