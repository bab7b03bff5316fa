#!/usr/bin/env node
/**
 * `toil-wdl-runner wf.wdl [inputs.json] [-i <file or JSON>] [-o|-m results.json] [--outputDialect cromwell|miniwdl]
 * [--task <name>] [--container auto|none] [Toil options]`: runs a WDL workflow (or one task) on Toil and prints
 * the outputs as JSON.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOptions, Toil, ToilError } from '@toil/core';
import { WdlInputError } from './errors.js';
import { wdlCall, wdlWorkflow } from './jobs.js';
import { openBundle, readBundle, type Namespace } from './runtime/bundle.js';
import { isHttpUrl } from './runtime/fetch-sync.js';
import type { Workflow } from './syntax/ast.js';
import { typeToString } from './types/types.js';
import type { WdlRunOptions } from './runtime/options.js';
import { parseRunnerArgs } from './runner/args.js';
import { readInputs } from './runner/inputs.js';
import { jobPlacement } from './runner/in-process.js';
import { resultsJson } from './runner/results.js';
import { fromJson } from './types/json.js';
import { declType } from './runtime/scope.js';
import { exportOutputs, importInputs } from './runtime/transfer.js';
import type { WdlValue } from './values.js';

async function main(argv: string[]): Promise<number> {
  const args = await parseRunnerArgs(argv);
  const { wdl, inputsFile } = args;
  if (wdl === undefined) throw new WdlInputError('Give the WDL document to run: toil-wdl-runner wf.wdl [inputs.json]');
  const cwd = process.cwd();
  // A document given by http(s) URL is read from there, its relative imports relative to that URL.
  const bundle = readBundle(isHttpUrl(wdl) ? wdl : resolve(cwd, wdl));
  const ns = openBundle(bundle);
  const taskName = args.task;
  const target = taskName ?? ns.doc.workflow?.name ?? (ns.doc.tasks.length === 1 ? ns.doc.tasks[0].name : undefined);
  if (target === undefined)
    throw new WdlInputError(`${wdl} has no workflow and several tasks: choose one with --task <name>`);
  const inputs = readInputs([...(inputsFile ? [inputsFile] : []), ...args.inputs], target, cwd);
  if (taskName === undefined && ns.doc.workflow !== undefined) checkRequired(ns, ns.doc.workflow, inputs);
  const scratch = mkdtempSync(join(tmpdir(), 'toil-wdl-'));
  const opts: WdlRunOptions = {
    workRoot: join(scratch, 'work'),
    cwd,
    container: args.container,
  };
  const jobStore = args.jobStore ?? join(scratch, 'jobstore');
  const config = jobPlacement(parseOptions(args.toil, { jobStore }), args.inProcessJobs);
  const workflowModule = fileURLToPath(new URL('./jobs.js', import.meta.url));
  const toil = await Toil.openConfig(config, { workflowModule });
  let outputs: Array<[string, WdlValue]>;
  try {
    const ref = { bundle, docPath: bundle.main };
    const isTask = taskName !== undefined || ns.doc.workflow === undefined;
    if (isTask) {
      const task = ns.doc.tasks.find((t) => t.name === target);
      if (task === undefined)
        throw new WdlInputError(
          `${wdl} has no task '${target}'; its tasks: ${ns.doc.tasks.map((t) => t.name).join(', ')}`,
        );
      const values = Object.entries(inputs).map(([k, json]): [string, WdlValue] => {
        const decl = task.inputs.find((d) => d.name === k);
        if (decl === undefined)
          throw new WdlInputError(
            `Unknown input '${target}.${k}'; the task's inputs: ${task.inputs.map((d) => d.name).join(', ')}`,
          );
        return [k, fromJson(json, declType(ns, decl), `${target}.${k}`)];
      });
      outputs = config.restart
        ? ((await toil.restart()) as Array<[string, WdlValue]>)
        : ((await toil.start(wdlCall, ref, target, await importInputs(toil, values), {}, opts)) as Array<
            [string, WdlValue]
          >);
    } else {
      // Top-level inputs typed here so their files are imported into the job store before anything runs.
      const wf = ns.doc.workflow!;
      const decls = wf.inputs ?? wf.body.filter((e) => e.kind === 'decl');
      const typed = Object.entries(inputs).flatMap(([k, json]): Array<[string, WdlValue]> => {
        const decl = decls.find((d) => d.kind === 'decl' && d.name === k);
        return decl?.kind === 'decl' ? [[k, fromJson(json, declType(ns, decl), `${wf.name}.${k}`)]] : [];
      });
      outputs = config.restart
        ? ((await toil.restart()) as Array<[string, WdlValue]>)
        : await toil.start(wdlWorkflow, ref, inputs, opts, await importInputs(toil, typed));
    }
    if (args.outputDirectory !== undefined)
      outputs = await exportOutputs(toil, outputs, resolve(cwd, args.outputDirectory));
  } finally {
    await toil.close();
  }
  const json = resultsJson(target, outputs, args.outputDialect);
  const text = JSON.stringify(json, null, 2);
  if (args.outputFile !== undefined) writeFileSync(resolve(cwd, args.outputFile), text + '\n');
  process.stdout.write(text + '\n');
  return 0;
}

/** Fails before anything runs when a required workflow input is missing, naming it and its type. */
function checkRequired(ns: Namespace, wf: Workflow, inputs: Record<string, unknown>): void {
  for (const decl of wf.inputs ?? []) {
    const type = declType(ns, decl);
    if (decl.expr === undefined && !type.opt && !(decl.name in inputs))
      throw new WdlInputError(
        `Missing required input '${wf.name}.${decl.name}' (${typeToString(type)}): give it in the inputs JSON`,
      );
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (ToilError.is(error) && error.userFacing) process.stderr.write(`toil-wdl-runner: ${error.message}\n`);
    else
      process.stderr.write(
        `toil-wdl-runner: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    process.exit(1);
  },
);
