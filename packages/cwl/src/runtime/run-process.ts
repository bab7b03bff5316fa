/**
 * Runs any process on bound inputs: CommandLineTool, ExpressionTool or Workflow. This is the seam where a
 * process run becomes a Toil job (see the package README, "Next steps").
 */
import { dirname } from 'node:path';
import { CwlToolFailedError, CwlUnsupportedError } from '../errors.js';
import { evaluate } from '../expr/evaluate.js';
import type { Process } from '../model.js';
import { runCommandLineTool } from '../tool/run-tool.js';
import { isPlainObject } from '../types/check.js';
import { checkInputFormats } from '../types/format.js';
import { runWorkflow } from '../workflow/run-workflow.js';
import type { RunContext } from './context.js';
import { fillFileDetails } from '../tool/outputs.js';
import { stageInputs } from '../tool/stage.js';
import { exprContext } from './expr-context.js';
import { bindInputs, resolveFiles } from './inputs.js';
import { Requirements, type Inherited } from './requirements.js';

/** Binds `job` to `process` (defaults, types, files) and runs it; resolves to the output object. */
export async function runBound(
  process: Process,
  job: Record<string, unknown>,
  jobDir: string,
  inherited: Inherited,
  run: RunContext,
): Promise<Record<string, unknown>> {
  const reqs = new Requirements(process, inherited);
  const listing = String(reqs.get('LoadListingRequirement')?.loadListing ?? 'no_listing');
  const inputs = bindInputs(process.inputs, job, jobDir, process.file, listing, true, process.namespaces);
  return runProcess(process, inputs, reqs, run);
}

/** Runs `process` on inputs already bound. */
export async function runProcess(
  process: Process,
  inputs: Record<string, unknown>,
  reqs: Requirements,
  run: RunContext,
): Promise<Record<string, unknown>> {
  switch (process.class) {
    case 'CommandLineTool':
      return runCommandLineTool(process, inputs, reqs, run);
    case 'ExpressionTool':
      return runExpressionTool(process, inputs, reqs, run);
    case 'Workflow':
      return runWorkflow(process, inputs, reqs, run, runProcess);
    default:
      throw new CwlUnsupportedError(`class ${process.class}`);
  }
}

async function runExpressionTool(
  tool: Process,
  inputs: Record<string, unknown>,
  reqs: Requirements,
  run: RunContext,
): Promise<Record<string, unknown>> {
  reqs.checkSupported({ containers: run.containers });
  const ctx = exprContext(reqs, run, inputs, {});
  // Its inputs' formats, as a CommandLineTool checks its own (run-tool.ts), before the expression sees them.
  await checkInputFormats(tool.inputs, inputs, ctx, { namespaces: tool.namespaces, schemas: tool.schemas ?? [] });
  const result = await evaluate(tool.expression, ctx);
  if (!isPlainObject(result)) {
    throw new CwlToolFailedError(
      `ExpressionTool '${tool.id || tool.file}' must return an object, not ${JSON.stringify(result)}.`,
    );
  }
  const resolved = resolveFiles(result, dirname(tool.file)) as Record<string, unknown>;
  // File and Directory literals the expression made are written out, so they exist and have a checksum.
  stageInputs(resolved, run.workRoot);
  await fillFileDetails(resolved);
  const out: Record<string, unknown> = {};
  for (const param of tool.outputs) out[param.id] = resolved[param.id] ?? null;
  return out;
}
