/**
 * The test cases of both suites, read from their files: DataBiosphere's conformance.yaml (one case per test and
 * version) and the spec examples' test_config.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { SuiteVersion } from './rewrite.js';

/** One run of the runner and what it must produce. */
export interface TestCase {
  /** `databiosphere` or `spec`. */
  readonly suite: 'databiosphere' | 'spec';
  /** WDL version the document is run as (spec examples: 1.1). */
  readonly version: SuiteVersion;
  readonly id: string;
  /** `suite/version/id`, the key of the xfail list. */
  readonly key: string;
  /** Folder holding the document and its imports. */
  readonly dir: string;
  /** Document file name inside `dir`. */
  readonly wdl: string;
  /** Inline inputs (JSON object). */
  readonly inputs: Record<string, unknown>;
  /** Run this task alone. */
  readonly task?: string;
  /** Working directory of the runner (relative input paths are relative to it). */
  readonly cwd: string;
  /** The run must fail. */
  readonly fail: boolean;
  /** Expected outputs: DataBiosphere `{type, value}` by name, spec examples plain values. */
  readonly outputs: Record<string, unknown>;
  readonly excluded: string[];
}

/**
 * Where the suites are: WDL_CONFORMANCE_ROOT, else the `shared/conformance` folder found beside the repository
 * (a checkout has shared/ next to it) or above the working directory.
 */
export function defaultSuitesRoot(from = process.cwd()): string {
  if (process.env.WDL_CONFORMANCE_ROOT) return process.env.WDL_CONFORMANCE_ROOT;
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    for (const candidate of [join(dir, 'shared', 'conformance'), join(dir, '..', 'shared', 'conformance')])
      if (existsSync(join(candidate, 'wdl-spec-1.1'))) return resolve(candidate);
    if (dirname(dir) === dir) return join(from, '..', 'shared', 'conformance');
  }
}

interface BioEntry {
  id: string;
  versions: string[];
  inputs: { dir: string; wdl: string; json?: string; json_string?: string };
  outputs?: Record<string, unknown>;
  fail?: boolean;
  exclude_output?: string[] | string;
}

/** DataBiosphere cases for the versions asked. */
export function databiosphereCases(root: string, versions: SuiteVersion[]): TestCase[] {
  const base = join(root, 'wdl-databiosphere');
  const entries = parseYaml(readFileSync(join(base, 'conformance.yaml'), 'utf8')) as BioEntry[];
  const out: TestCase[] = [];
  for (const e of entries) {
    const inputs =
      e.inputs.json_string !== undefined
        ? (JSON.parse(e.inputs.json_string) as Record<string, unknown>)
        : e.inputs.json !== undefined
          ? (JSON.parse(readFileSync(join(base, e.inputs.dir, e.inputs.json), 'utf8')) as Record<string, unknown>)
          : {};
    for (const raw of e.versions) {
      const version = (raw === '1.2' ? 'development' : raw) as SuiteVersion;
      if (!versions.includes(version) || out.some((c) => c.id === e.id && c.version === version)) continue;
      out.push({
        suite: 'databiosphere',
        version,
        id: e.id,
        key: `databiosphere/${version}/${e.id}`,
        dir: join(base, e.inputs.dir),
        wdl: e.inputs.wdl,
        inputs,
        cwd: base,
        fail: e.fail === true,
        outputs: e.outputs ?? {},
        excluded: [e.exclude_output ?? []].flat(),
      });
    }
  }
  return out;
}

interface SpecEntry {
  id: string;
  path: string;
  type: 'workflow' | 'task';
  target: string;
  fail: boolean;
  exclude_output: string[];
  input: Record<string, unknown>;
  output: Record<string, unknown>;
}

/** The spec examples (all WDL 1.1). */
export function specCases(root: string): TestCase[] {
  const base = join(root, 'wdl-spec-1.1');
  const entries = JSON.parse(readFileSync(join(base, 'test_config.json'), 'utf8')) as SpecEntry[];
  const seen = new Map<string, number>();
  return entries.map((e) => {
    // Two examples share an id (write_json): the second is keyed `write_json#2`.
    const n = (seen.get(e.id) ?? 0) + 1;
    seen.set(e.id, n);
    return specCase(base, e, n === 1 ? e.id : `${e.id}#${n}`);
  });
}

function specCase(base: string, e: SpecEntry, id: string): TestCase {
  return {
    suite: 'spec',
    version: '1.1',
    id,
    key: `spec/1.1/${id}`,
    dir: base,
    wdl: e.path,
    inputs: targetKeys(e.input, e.target),
    task: e.type === 'task' ? e.target : undefined,
    cwd: join(base, 'data'),
    fail: e.fail,
    outputs: e.output,
    excluded: e.exclude_output,
  };
}

/**
 * Some examples key their inputs by the example's id rather than by the target they run (`person_struct.person`
 * for the task `greet_person`); outputs are matched by the name after the prefix (run-case.ts), and inputs get the
 * target's prefix in the same way, so the runner sees the keys a user would give it.
 */
function targetKeys(inputs: Record<string, unknown>, target: string): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(inputs).map(([k, v]) => [k.includes('.') ? `${target}.${k.slice(k.indexOf('.') + 1)}` : k, v]),
  );
}
