/**
 * Every option the command line accepts must change something: its config field has to be read somewhere outside
 * this options module (which only parses and stores it). An option that is parsed, validated, stored and then
 * never looked at is a promise the program does not keep; this test finds such options by reading the sources.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { BatchSystemPlugin } from '../plugins/plugin.js';
import { TOIL_OPTIONS } from './schema.js';

const REPO = join(import.meta.dirname, '../../../..');
const OPTIONS_DIR = join(REPO, 'packages/core/src/options');

/**
 * Options allowed to have no reader, each with the reason. Keep this short: an entry here is an option that
 * does nothing, on purpose.
 */
const NEVER_READ: Readonly<Record<string, string>> = {};

/**
 * Names under which the config, or a slice of it, is read in this code base: a `WorkflowConfig` (`config`,
 * `rt.config`, `this.options.config`, ...), backend options (`config.extra`), the requirement defaults taken from
 * it (`defaults`, requirements.ts) and the logger's output settings (`options`, log/logger.ts). Matching the
 * receiver, not only the field name, keeps an unrelated `result.stats` from counting as a read of `--stats`.
 */
const RECEIVER = /(?:config|Config|extra|defaults|options)$/;

/** Source files that can read options: every package's and app's `src`, less tests, test helpers and fixtures. */
function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!['node_modules', 'dist', 'test', 'fixtures'].includes(entry.name) && path !== OPTIONS_DIR) walk(path);
      } else if (/\.tsx?$/.test(entry.name) && !/\.(test|d)\.ts$/.test(entry.name)) {
        files.push(path);
      }
    }
  };
  for (const top of ['packages', 'apps']) {
    for (const name of readdirSync(join(REPO, top))) {
      // The contract suites exercise options; they do not give them an effect.
      if (name === 'testing') continue;
      const src = join(REPO, top, name, 'src');
      if (existsSync(src)) walk(src);
    }
  }
  return files;
}

/** Field names read from a config-like receiver in one file: `x.field`, `x['field']`, `const { field } = x`. */
function readsIn(source: ts.SourceFile): { name: string; node: ts.Node }[] {
  const found: { name: string; node: ts.Node }[] = [];
  const visit = (node: ts.Node): void => {
    const parent = node.parent;
    const assigned =
      parent &&
      ts.isBinaryExpression(parent) &&
      parent.left === node &&
      parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
    if (ts.isPropertyAccessExpression(node) && !assigned && RECEIVER.test(node.expression.getText(source))) {
      found.push({ name: node.name.text, node });
    } else if (
      ts.isElementAccessExpression(node) &&
      !assigned &&
      ts.isStringLiteral(node.argumentExpression) &&
      RECEIVER.test(node.expression.getText(source))
    ) {
      found.push({ name: node.argumentExpression.text, node });
    } else if (
      ts.isVariableDeclaration(node) &&
      ts.isObjectBindingPattern(node.name) &&
      node.initializer &&
      RECEIVER.test(node.initializer.getText(source))
    ) {
      for (const element of node.name.elements)
        found.push({ name: (element.propertyName ?? element.name).getText(source), node: element });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every field read from a config-like receiver in these files, with the places (`file:line`) it is read. */
function configReads(files: readonly string[]): Map<string, string[]> {
  const reads = new Map<string, string[]>();
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    for (const { name, node } of readsIn(source)) {
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      reads.set(name, [...(reads.get(name) ?? []), `${relative(REPO, file)}:${line}`]);
    }
  }
  return reads;
}

/** The options every installed backend adds (`--parasolCommand`, `--slurmJobArrays`, ...), from their built entry. */
async function backendOptions(): Promise<string[]> {
  const names: string[] = [];
  for (const dir of readdirSync(join(REPO, 'packages'))) {
    const manifest = JSON.parse(readFileSync(join(REPO, 'packages', dir, 'package.json'), 'utf8')) as { name: string };
    if (!/^@toil\/batch-/.test(manifest.name) || manifest.name === '@toil/batch-grid') continue;
    const entry = join(REPO, 'packages', dir, 'dist/index.js');
    if (!existsSync(entry))
      throw new Error(`${manifest.name} is not built (${entry} is missing): run pnpm build first.`);
    const { plugin } = (await import(pathToFileURL(entry).href)) as { plugin?: BatchSystemPlugin };
    if (plugin?.kind !== 'batchSystem') throw new Error(`${manifest.name} exports no batch system plugin.`);
    names.push(...(plugin.options ?? []).map((o) => o.name));
  }
  return names;
}

describe('every option does something', () => {
  const reads = configReads(sourceFiles());

  it('reads the config field of every option of the core table somewhere outside the options module', () => {
    const unread: string[] = [];
    for (const spec of TOIL_OPTIONS) {
      // `--logDebug` and friends fill another option (logLevel), which is checked in its own right.
      if (spec.implies) continue;
      const field = spec.target ?? spec.name;
      if (!reads.has(field) && !(spec.name in NEVER_READ)) unread.push(`--${spec.name} (config.${field})`);
    }
    expect(unread, 'options accepted on the command line whose value nothing reads').toEqual([]);
  });

  it('keeps the allow-list honest: every option it names exists and is still never read', () => {
    for (const name of Object.keys(NEVER_READ)) {
      expect(
        TOIL_OPTIONS.some((s) => s.name === name),
        `--${name} is in NEVER_READ but not in the schema`,
      ).toBe(true);
      expect(reads.get(name), `--${name} is in NEVER_READ but is read`).toBeUndefined();
    }
  });

  it('reads every backend option from config.extra in its backend', async () => {
    const names = await backendOptions();
    // Parasol and Slurm add options today; finding none would mean the discovery above broke.
    expect(names).toEqual(expect.arrayContaining(['parasolCommand', 'slurmJobArrays']));
    expect(
      names.filter((name) => !reads.has(name)),
      'backend options whose value nothing reads',
    ).toEqual([]);
  });

  it('counts only reads: a field only assigned or named in a comment has no reader', () => {
    const text =
      '// config.commentOnly\nconfig.assignedOnly = 1;\nconst a = rt.config.readHere;\nconst { destructured } = rt.config;\nconst b = result.notConfig;\n';
    const probe = ts.createSourceFile('probe.ts', text, ts.ScriptTarget.Latest, true);
    expect(readsIn(probe).map((r) => r.name)).toEqual(['readHere', 'destructured']);
  });
});
