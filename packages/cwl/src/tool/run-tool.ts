/**
 * Running one CommandLineTool on bound inputs, in-process: folders, staging, the command line, the run, the exit
 * code's meaning, and the output object.
 */
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { CwlToolFailedError } from '../errors.js';
import { evaluate, type ExprContext } from '../expr/evaluate.js';
import type { Process, Requirement } from '../model.js';
import { freshDir, type RunContext } from '../runtime/context.js';
import { exprContext } from '../runtime/expr-context.js';
import type { Requirements } from '../runtime/requirements.js';
import { buildCommandLine } from './cmdline.js';
import { stageInitialWorkDir } from './initial-workdir.js';
import { collectOutputs } from './outputs.js';
import { resources } from './resources.js';
import { containerArgv } from './container.js';
import { runProcess, toolArgv } from './spawn.js';
import { checkInputFormats } from '../types/format.js';
import { addExpressionSecondaries } from './secondary-inputs.js';
import { stageInputs } from './stage.js';

/** Runs `tool` with `inputs` (already bound) and resolves to its output object. */
export async function runCommandLineTool(
  tool: Process,
  inputs: Record<string, unknown>,
  reqs: Requirements,
  run: RunContext,
): Promise<Record<string, unknown>> {
  reqs.checkSupported({ containers: run.containers });
  const outdir = run.outRoot === undefined ? freshDir(run, 'out-') : mkdtempSync(join(run.outRoot, 'out-'));
  const tmpdir = freshDir(run, 'tmp-');
  const ctx = exprContext(reqs, run, inputs, { outdir, tmpdir });
  await addExpressionSecondaries(tool.inputs, inputs, ctx);
  await checkInputFormats(tool.inputs, inputs, ctx, {
    namespaces: tool.namespaces,
    schemas: tool.schemas ?? [],
  });
  // Every staged object gets a fresh folder of its own under the root, so the work root itself serves: no
  // folder is made for a tool whose inputs need no staging (most of them).
  stageInputs(inputs, run.workRoot);
  Object.assign(ctx.runtime, await resources(reqs.get('ResourceRequirement'), ctx));
  const docker = reqs.find('DockerRequirement') ?? defaultContainer(run);
  // A DockerRequirement hint runs on the host: faster, and the tools the suite's hints name are on the host.
  const inContainer = docker !== undefined && !docker.hint && run.containers;
  const dockerOutdir = inContainer ? docker.req.dockerOutputDirectory : undefined;
  const containerOutdir = typeof dockerOutdir === 'string' ? dockerOutdir : undefined;
  const iwd = reqs.get('InitialWorkDirRequirement');
  const { staged, mounts } =
    iwd === undefined
      ? { staged: [], mounts: [] }
      : await stageInitialWorkDir(iwd, ctx, {
          outdir,
          container: inContainer,
          absoluteRoot: () => freshDir(run, 'abs-'),
          containerOutdir,
          inplaceUpdate: reqs.get('InplaceUpdateRequirement')?.inplaceUpdate === true,
        });
  const args = await buildCommandLine(tool, ctx);
  const streams = await streamPaths(tool, ctx, outdir);
  const env = await environment(reqs, ctx, outdir, tmpdir, run);
  const timeLimit = await evaluate(reqs.get('ToolTimeLimit')?.timelimit ?? 0, ctx);
  if (typeof timeLimit !== 'number' || timeLimit < 0) {
    throw new CwlToolFailedError(
      `ToolTimeLimit: timelimit must be a number of seconds >= 0, not ${JSON.stringify(timeLimit)}.`,
    );
  }
  run.log(`[tool ${tool.id || tool.file}] ${args.map((a) => a.text).join(' ')}`);
  let argv = toolArgv(args, reqs.find('ShellCommandRequirement')?.hint === false);
  if (inContainer) {
    const network = (await evaluate(reqs.get('NetworkAccess')?.networkAccess ?? false, ctx)) === true;
    // The image's own PATH applies in the container, not the host's.
    const containerEnv = { ...env };
    delete containerEnv.PATH;
    argv = await containerArgv(argv, {
      req: docker.req,
      workRoot: run.workRoot,
      inputs,
      outdir,
      env: containerEnv,
      stdin: streams.stdin,
      network,
      extraMounts: mounts,
      containerOutdir,
    });
  }
  const code = await runProcess({
    argv,
    cwd: outdir,
    // The engine itself runs with the runner's environment (XDG_RUNTIME_DIR, its config); the tool's goes in --env.
    env: inContainer ? (process.env as Record<string, string>) : env,
    ...streams,
    stdin: inContainer ? undefined : streams.stdin,
    timeLimitMs: typeof timeLimit === 'number' ? timeLimit * 1000 : 0,
  });
  checkExitCode(tool, code);
  ctx.runtime.exitCode = code;
  return collectOutputs(tool, { outdir, stdout: streams.stdout, stderr: streams.stderr, staged }, ctx);
}

/** The `--default-container` image as a required DockerRequirement, for a tool that names none. */
function defaultContainer(run: RunContext): { req: Requirement; hint: boolean } | undefined {
  if (run.defaultContainer === undefined) return undefined;
  return { req: { class: 'DockerRequirement', dockerPull: run.defaultContainer }, hint: false };
}

async function streamPaths(tool: Process, ctx: ExprContext, outdir: string) {
  const name = async (value: string | undefined, type: 'stdout' | 'stderr' | undefined) => {
    if (value === undefined) {
      const wanted = type !== undefined && tool.outputs.some((o) => o.type === type);
      return wanted ? join(outdir, `${type}-${Math.random().toString(36).slice(2, 10)}`) : undefined;
    }
    const evaluated = String(await evaluate(value, ctx));
    return join(outdir, evaluated);
  };
  const stdin = tool.stdin === undefined ? undefined : String(await evaluate(tool.stdin, ctx));
  return { stdin, stdout: await name(tool.stdout, 'stdout'), stderr: await name(tool.stderr, 'stderr') };
}

async function environment(reqs: Requirements, ctx: ExprContext, outdir: string, tmpdir: string, run: RunContext) {
  // The host's variables only when asked (--preserve-*), as cwltool: a tool sees a clean, reproducible environment.
  // HOME and TMPDIR are the run's folders even then, and EnvVarRequirement still wins over the host.
  const host = process.env as Record<string, string>;
  const env: Record<string, string> = run.preserveEntireEnvironment ? { ...host } : {};
  for (const name of run.preserveEnvironment ?? []) if (host[name] !== undefined) env[name] = host[name];
  Object.assign(env, { HOME: outdir, TMPDIR: tmpdir });
  env.PATH ??= host.PATH ?? '/usr/bin:/bin';
  const envDef = reqs.get('EnvVarRequirement')?.envDef;
  const defs = Array.isArray(envDef)
    ? (envDef as { envName: string; envValue: unknown }[])
    : Object.entries((envDef ?? {}) as Record<string, unknown>).map(([envName, v]) =>
        typeof v === 'object' && v !== null
          ? { envName, envValue: (v as Record<string, unknown>).envValue }
          : { envName, envValue: v },
      );
  for (const def of defs) env[def.envName] = String(await evaluate(def.envValue, ctx));
  return env;
}

function checkExitCode(tool: Process, code: number): void {
  if (tool.temporaryFailCodes?.includes(code)) {
    throw new CwlToolFailedError(
      `Tool '${tool.id || tool.file}' exited with ${code}, a temporaryFailCode.`,
      'temporaryFail',
    );
  }
  const success = tool.successCodes ?? [0];
  if (tool.permanentFailCodes?.includes(code) || !success.includes(code)) {
    throw new CwlToolFailedError(`Tool '${tool.id || tool.file}' failed with exit code ${code}.`);
  }
}
