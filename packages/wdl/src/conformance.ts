#!/usr/bin/env node
/**
 * `pnpm conformance:wdl [--suite spec|databiosphere] [--versions draft-2,1.0,1.1] [--id <regex>] [--jobs N]
 * [--container auto|none]`: runs the WDL conformance suites against toil-wdl-runner and prints per-suite totals,
 * then `N passed, N failed` (failures outside conformance-xfail.yaml). Exits non-zero when there are any.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { databiosphereCases, defaultSuitesRoot, specCases } from './conformance/cases.js';
import { runCases, totalsBySuite } from './conformance/harness.js';
import type { SuiteVersion } from './conformance/rewrite.js';

/** The xfail list shipped with the package: `suite/version/id: reason`. */
export function readXfail(): Record<string, string> {
  const path = fileURLToPath(new URL('../conformance-xfail.yaml', import.meta.url));
  return (parseYaml(readFileSync(path, 'utf8')) as Record<string, string> | null) ?? {};
}

async function main(): Promise<number> {
  const argv = await yargs(hideBin(process.argv))
    .option('suite', { choices: ['all', 'spec', 'databiosphere'], default: 'all' })
    .option('versions', { type: 'string', default: 'draft-2,1.0,1.1,development' })
    .option('id', { type: 'string', describe: 'Only ids matching this regular expression' })
    .option('jobs', { type: 'number', default: 3 })
    .option('container', { choices: ['auto', 'none'], default: 'none' })
    .option('root', { type: 'string', default: defaultSuitesRoot(), describe: 'The shared/conformance folder' })
    .option('timeout', { type: 'number', default: 300 })
    .strict()
    .parseAsync();
  const versions = argv.versions.split(',') as SuiteVersion[];
  let cases = [
    ...(argv.suite !== 'spec' ? databiosphereCases(argv.root, versions) : []),
    ...(argv.suite !== 'databiosphere' ? specCases(argv.root) : []),
  ];
  if (argv.id !== undefined) cases = cases.filter((c) => new RegExp(argv.id!).test(c.id));
  const xfail = readXfail();
  const cli = fileURLToPath(new URL('./cli.js', import.meta.url));
  const report = await runCases(
    cases,
    { command: [process.execPath, cli], extraArgs: ['--container', argv.container], timeout: argv.timeout },
    xfail,
    argv.jobs,
    (r, x) => {
      if (!r.passed) console.log(`${x ? 'XFAIL' : 'FAIL'} ${r.key} (${r.seconds.toFixed(1)} s): ${r.reason}`);
      else if (x) console.log(`XPASS ${r.key}: passes, remove it from conformance-xfail.yaml`);
    },
  );
  for (const line of totalsBySuite(report.results)) console.log(line);
  console.log(
    `${report.xfailed} expected failures (xfail), ${report.unexpectedPasses.length} unexpected passes; ${report.seconds.toFixed(0)} s`,
  );
  console.log(`${report.passed} passed, ${report.failures.length} failed`);
  return report.failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`conformance: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
