/**
 * Reading a cwltest suite: `conformance_tests.yaml` with its `$import`ed index files expanded in order, tool and
 * job paths made absolute, expected outputs given as `{$import: file.json}` read.
 */
import { dirname, resolve } from 'node:path';
import { readYamlFile } from '../loader/read-yaml.js';

/** One conformance test. */
export interface ConformanceTest {
  /** 1-based position after expansion. */
  number: number;
  /** The test's id. */
  id: string;
  /** The tool, absolute, with an optional `#fragment`. */
  tool: string;
  /** The job file, absolute, or undefined. */
  job: string | undefined;
  /** The expected output object. */
  output: unknown;
  /** The test passes on a non-zero exit. */
  shouldFail: boolean;
  /** Tags (`required`, `command_line_tool`, ...). */
  tags: string[];
}

/** The tests of the suite at `indexFile`, in order. */
export function readSuite(indexFile: string): ConformanceTest[] {
  const out: ConformanceTest[] = [];
  const visit = (file: string) => {
    const entries = readYamlFile(file) as Record<string, unknown>[];
    for (const entry of entries) {
      if (typeof entry.$import === 'string') {
        visit(resolve(dirname(file), entry.$import));
        continue;
      }
      const base = dirname(file);
      const tool = String(entry.tool);
      const hash = tool.indexOf('#');
      const toolPath = hash === -1 ? resolve(base, tool) : resolve(base, tool.slice(0, hash)) + tool.slice(hash);
      let output: unknown = entry.output ?? {};
      if (
        typeof output === 'object' &&
        output !== null &&
        typeof (output as Record<string, unknown>).$import === 'string'
      ) {
        output = readYamlFile(resolve(base, String((output as Record<string, unknown>).$import)));
      }
      out.push({
        number: out.length + 1,
        id: String(entry.id ?? entry.label ?? `test-${out.length + 1}`),
        tool: toolPath,
        job: typeof entry.job === 'string' ? resolve(base, entry.job) : undefined,
        output,
        shouldFail: entry.should_fail === true,
        tags: (entry.tags as string[] | undefined) ?? [],
      });
    }
  };
  visit(indexFile);
  return out;
}
