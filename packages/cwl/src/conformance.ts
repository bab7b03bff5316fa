/**
 * `pnpm conformance:cwl [--tags required] [--j 2] [--only id,...] [--runner-arg=ARG ...]`: runs the CWL v1.2
 * conformance suite (in ../shared/conformance/cwl-v1.2 beside the repository) through toil-cwl-runner and prints
 * the report.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readXfail, runSuite } from './conformance/harness.js';
import { formatReport } from './conformance/report.js';

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = resolve(here, '..');
let repoRoot = packageDir;
while (!existsSync(join(repoRoot, 'pnpm-workspace.yaml')) && dirname(repoRoot) !== repoRoot)
  repoRoot = dirname(repoRoot);

const { values: args } = parseArgs({
  args: process.argv.slice(2),
  options: {
    suite: { type: 'string', default: resolve(repoRoot, '../shared/conformance/cwl-v1.2') },
    tags: { type: 'string', default: '' },
    only: { type: 'string', default: '' },
    j: { type: 'string', default: '2' },
    // Extra runner arguments, one per use: --runner-arg=--batchSystem --runner-arg=single_machine runs on Toil.
    'runner-arg': { type: 'string', multiple: true, default: [] },
  },
});
const split = (text: string) => text.split(',').filter((s) => s !== '');
const xfail = readXfail(join(packageDir, 'conformance-xfail.yaml'));
const { results, wallMs } = await runSuite({
  suiteRoot: args.suite,
  runner: [process.execPath, join(packageDir, 'dist/cli.js'), ...args['runner-arg']],
  tags: split(args.tags),
  only: split(args.only),
  parallel: Number(args.j),
  onResult: (r) => process.stderr.write(`${r.status === 'passed' ? '.' : r.status === 'failed' ? 'F' : 'u'}`),
});
process.stderr.write('\n');
process.stdout.write(`${formatReport(results, xfail, wallMs)}\n`);
