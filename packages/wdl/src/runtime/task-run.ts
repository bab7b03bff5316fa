/**
 * Running a task: inputs and private declarations evaluated in dependency order, the runtime section read, the
 * command rendered into a script in a fresh directory and run (on the host or in a container), its return code
 * checked, and the outputs evaluated in that directory.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { FileStore } from '@toil/core';
import { WdlCommandFailedError, WdlEvalError } from '../errors.js';
import { evaluate } from '../eval/expr.js';
import type { StdlibContext } from '../stdlib/index.js';
import type { Task } from '../syntax/ast.js';
import { coerce } from '../types/coerce.js';
import type { WdlType } from '../types/types.js';
import { V, type WdlValue } from '../values.js';
import type { Namespace } from './bundle.js';
import { renderCommand } from './command.js';
import { localiseFiles, storeFiles } from './files.js';
import { taskResources, type TaskResources } from './resources.js';
import { declType, envOf, evalDecls, makeScope, unknownInput } from './scope.js';

/** A task with its inputs bound: what the job that runs the command needs. */
export interface PreparedTask {
  /** Inputs and private declarations. */
  readonly env: Array<[string, WdlValue]>;
  /** The evaluated runtime section. */
  readonly runtime: Array<[string, WdlValue]>;
  /** Requirements and image read from it. */
  readonly resources: TaskResources;
}

/** A container run: the script and the paths to mount at the same place inside. */
export interface ContainerRun {
  readonly image: string;
  readonly script: string;
  readonly workDir: string;
  readonly stdout: string;
  readonly stderr: string;
  /** Host directories the command may read (the task directory is read-write, the rest read-only). */
  readonly mounts: string[];
  readonly taskDir: string;
}

/** How commands run. */
export interface ExecOptions {
  /** Directory under which each task run gets its own directory. */
  readonly workRoot: string;
  /** `none` runs commands on the host even when the task names an image. */
  readonly container: 'none' | 'auto';
  /** Runs a command in a container and resolves with its return code. */
  readonly runContainer?: (run: ContainerRun) => Promise<number>;
  /** Warnings for the user (a container asked for but not used). */
  readonly warn: (message: string) => void;
  /**
   * The job's file store: inputs whose paths this node lacks are read from the job store into the task directory,
   * and output Files and Directories are written to it (runtime/files.ts). Without it, paths are used as they are.
   */
  readonly fileStore?: FileStore;
}

/** Binds a task's inputs and declarations and evaluates its runtime section. */
export function prepareTask(
  ns: Namespace,
  task: Task,
  inputs: Map<string, WdlValue>,
  lib: StdlibContext,
): PreparedTask {
  const known = task.inputs.map((d) => d.name);
  for (const name of inputs.keys()) if (!known.includes(name)) unknownInput(name, `task '${task.name}'`, known);
  const scope = makeScope(ns, envOf([]), lib);
  evalDecls(ns, task.inputs, scope, inputs, `input of task '${task.name}'`);
  evalDecls(ns, task.decls, scope);
  const runtime = Object.entries(task.runtime).map(([k, e]): [string, WdlValue] => [k, evaluate(e, scope)]);
  return { env: scope.env.own(), runtime, resources: taskResources(Object.fromEntries(runtime), task.pos) };
}

/** Runs a prepared task's command and evaluates its outputs. */
export async function executeTask(
  ns: Namespace,
  task: Task,
  prepared: PreparedTask,
  opts: ExecOptions,
): Promise<Array<[string, WdlValue]>> {
  mkdirSync(opts.workRoot, { recursive: true, mode: 0o700 });
  const taskDir = mkdtempSync(join(opts.workRoot, `${task.name}-`));
  const workDir = join(taskDir, 'work');
  mkdirSync(workDir, { mode: 0o700 });
  const lib: StdlibContext = { cwd: workDir, writeDir: join(taskDir, 'write'), version: ns.doc.version };
  const env = opts.fileStore
    ? await localiseFiles(opts.fileStore, prepared.env, join(taskDir, 'inputs'))
    : prepared.env;
  const script = join(taskDir, 'command.sh');
  writeFileSync(script, renderCommand(task.command.parts, makeScope(ns, envOf(env.map(dirSlash)), lib)) + '\n', {
    mode: 0o700,
  });
  const stdout = join(taskDir, 'stdout');
  const stderr = join(taskDir, 'stderr');
  const { image, returnCodes } = prepared.resources;
  let code: number;
  if (image !== undefined && opts.container !== 'none' && opts.runContainer !== undefined) {
    code = await opts.runContainer({
      image,
      script,
      workDir,
      stdout,
      stderr,
      mounts: inputDirs(env),
      taskDir,
    });
  } else {
    if (image !== undefined)
      opts.warn(`task '${task.name}' names the image '${image}' but runs on the host (--container none)`);
    code = await runOnHost(script, workDir, stdout, stderr);
  }
  if (returnCodes !== '*' && !returnCodes.includes(code))
    throw new WdlCommandFailedError(task.name, code, tail(stderr));
  const outScope = makeScope(ns, envOf(env), { ...lib, stdout, stderr });
  for (const decl of task.outputs) {
    const type = declType(ns, decl);
    if (decl.expr === undefined) throw new WdlEvalError(decl.pos, `output '${decl.name}' needs an expression`);
    const value = localFiles(coerce(evaluate(decl.expr, outScope), type, decl.pos), type, workDir, decl.pos);
    outScope.env.bind(decl.name, value);
  }
  const outputs = task.outputs.map((d): [string, WdlValue] => [d.name, outScope.env.get(d.name)!]);
  return opts.fileStore ? storeFiles(opts.fileStore, outputs) : outputs;
}

/** Output Files made absolute in the work directory; a missing one is None where the type is optional. */
function localFiles(value: WdlValue, type: WdlType, workDir: string, pos: Task['pos']): WdlValue {
  if (value.t === 'file' || value.t === 'dir') {
    const path = isAbsolute(value.v) ? value.v : join(workDir, value.v);
    if (!existsSync(path)) {
      if (type.opt) return V.null;
      throw new WdlEvalError(pos, `the output file '${value.v}' does not exist`);
    }
    return { t: value.t, v: path };
  }
  if (value.t === 'array' && type.k === 'Array')
    return V.array(value.items.map((x) => localFiles(x, type.item, workDir, pos)));
  if (value.t === 'pair' && type.k === 'Pair')
    return V.pair(localFiles(value.left, type.left, workDir, pos), localFiles(value.right, type.right, workDir, pos));
  if (value.t === 'map' && type.k === 'Map')
    return V.map(value.entries.map(([k, v]) => [k, localFiles(v, type.value, workDir, pos)]));
  if (value.t === 'object' && type.k === 'Struct')
    return V.object(
      value.members.map(([k, v]) => [k, localFiles(v, type.members.find(([n]) => n === k)?.[1] ?? type, workDir, pos)]),
      value.struct,
    );
  return value;
}

/**
 * A binding with its Directories' paths ending in `/` for the command: `find ~{dir}` then prints `dir/` first, as
 * other WDL engines render them (DataBiosphere's basic_directory expects it), and `~{dir}/x` still names x inside.
 */
function dirSlash([name, value]: [string, WdlValue]): [string, WdlValue] {
  const walk = (v: WdlValue): WdlValue => {
    if (v.t === 'dir') return v.v.endsWith('/') ? v : { ...v, v: `${v.v}/` };
    if (v.t === 'array') return { ...v, items: v.items.map(walk) };
    if (v.t === 'pair') return { ...v, left: walk(v.left), right: walk(v.right) };
    if (v.t === 'map') return { ...v, entries: v.entries.map(([k, x]): [WdlValue, WdlValue] => [k, walk(x)]) };
    if (v.t === 'object') return { ...v, members: v.members.map(([k, x]): [string, WdlValue] => [k, walk(x)]) };
    return v;
  };
  return [name, walk(value)];
}

function inputDirs(env: Array<[string, WdlValue]>): string[] {
  const dirs = new Set<string>();
  const walk = (v: WdlValue) => {
    if (v.t === 'file' && isAbsolute(v.v)) dirs.add(v.v.slice(0, v.v.lastIndexOf('/')) || '/');
    else if (v.t === 'dir' && isAbsolute(v.v)) dirs.add(v.v);
    else if (v.t === 'array') v.items.forEach(walk);
    else if (v.t === 'pair') [v.left, v.right].forEach(walk);
    else if (v.t === 'map') v.entries.forEach(([k, x]) => (walk(k), walk(x)));
    else if (v.t === 'object') v.members.forEach(([, x]) => walk(x));
  };
  env.forEach(([, v]) => walk(v));
  return [...dirs];
}

function runOnHost(script: string, cwd: string, stdout: string, stderr: string): Promise<number> {
  const out = openSync(stdout, 'w');
  const err = openSync(stderr, 'w');
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [script], { cwd, stdio: ['ignore', out, err] });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  }).finally(() => {
    closeSync(out);
    closeSync(err);
  }) as Promise<number>;
}

function tail(path: string): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-20).join('\n');
  } catch {
    return '';
  }
}
