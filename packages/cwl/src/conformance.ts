/**
 * `pnpm conformance:cwl [--tags required] [-j 2] [--only id,...]`: runs the CWL v1.2 conformance suite (in
 * ../shared/conformance/cwl-v1.2 beside the repository) through toil-cwl-runner and prints the report.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { readXfail, runSuite } from './conformance/harness.js';
import { formatReport } from './conformance/report.js';

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = resolve(here, '..');
let repoRoot = packageDir;
while (!existsSync(join(repoRoot, 'pnpm-workspace.yaml')) && dirname(repoRoot) !== repoRoot)
  repoRoot = dirname(repoRoot);

const args = await yargs(process.argv.slice(2))
  .option('suite', { type: 'string', default: resolve(repoRoot, '../shared/conformance/cwl-v1.2') })
  .option('tags', { type: 'string', default: '', describe: 'Comma-separated tags to run (default: all)' })
  .option('only', { type: 'string', default: '', describe: 'Comma-separated test ids or numbers' })
  .option('j', { type: 'number', default: 2, describe: 'Tests run at a time' })
  .strict()
  .parseAsync();
const split = (text: string) => text.split(',').filter((s) => s !== '');
const xfail = readXfail(join(packageDir, 'conformance-xfail.yaml'));
const { results, wallMs } = await runSuite({
  suiteRoot: args.suite,
  runner: [process.execPath, join(packageDir, 'dist/cli.js')],
  tags: split(args.tags),
  only: split(args.only),
  parallel: args.j,
  onResult: (r) => process.stderr.write(`${r.status === 'passed' ? '.' : r.status === 'failed' ? 'F' : 'u'}`),
});
process.stderr.write('\n');
process.stdout.write(`${formatReport(results, xfail, wallMs)}\n`);
