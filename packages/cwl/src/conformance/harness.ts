/**
 * The conformance run: the selected tests of a suite, `parallel` at a time, through the runner command.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runTest, type TestResult } from './run-test.js';
import { readSuite, type ConformanceTest } from './suite.js';

/** What to run. */
export interface HarnessOptions {
  /** The suite folder (holding conformance_tests.yaml). */
  suiteRoot: string;
  /** The runner command as argv. */
  runner: string[];
  /** Run only tests with one of these tags (all when empty). */
  tags: string[];
  /** Run only these ids or numbers (all when empty). */
  only: string[];
  /** Tests at a time. */
  parallel: number;
  /** Called after each test. */
  onResult?: (result: TestResult) => void;
}

/** Runs the selected tests; resolves to their results in suite order and the wall time. */
export async function runSuite(options: HarnessOptions): Promise<{ results: TestResult[]; wallMs: number }> {
  const selected = readSuite(join(options.suiteRoot, 'conformance_tests.yaml')).filter((test) =>
    selects(test, options),
  );
  const results: TestResult[] = new Array<TestResult>(selected.length);
  const started = Date.now();
  let next = 0;
  const worker = async () => {
    while (next < selected.length) {
      const index = next++;
      results[index] = await runTest(selected[index], options.runner, options.suiteRoot);
      options.onResult?.(results[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.parallel) }, worker));
  return { results, wallMs: Date.now() - started };
}

/** The xfail list (`id: reason`) at `file`. */
export function readXfail(file: string): Map<string, string> {
  const parsed = (parse(readFileSync(file, 'utf8')) ?? {}) as Record<string, string>;
  return new Map(Object.entries(parsed));
}

function selects(test: ConformanceTest, options: HarnessOptions): boolean {
  if (options.only.length > 0) return options.only.includes(test.id) || options.only.includes(String(test.number));
  return options.tags.length === 0 || test.tags.some((tag) => options.tags.includes(tag));
}
