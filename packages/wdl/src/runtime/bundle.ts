/**
 * A workflow's documents: the main file and everything it imports, as texts keyed by absolute path, so that jobs
 * get them as an argument and re-parse them on any worker (no shared filesystem needed for the WDL itself).
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { WdlImportError, WdlTypeError } from '../errors.js';
import type { Document, Task, TypeNode, Workflow } from '../syntax/ast.js';
import { parseDocument } from '../syntax/parse.js';
import type { StructTable } from '../types/types.js';

/** The sources of a workflow's documents. */
export interface Bundle {
  /** Absolute path of the main document. */
  readonly main: string;
  /** Text of every document by absolute path. */
  readonly sources: Record<string, string>;
}

/** A parsed document with its imports resolved. */
export interface Namespace {
  readonly doc: Document;
  /** Imported documents by namespace name. */
  readonly imports: Map<string, Namespace>;
  /** Struct definitions visible in this document (own and imported, under their aliases). */
  readonly structs: StructTable;
}

/** What a call names: a task or a workflow, with the namespace it is defined in. */
export type Callee =
  { kind: 'task'; task: Task; ns: Namespace } | { kind: 'workflow'; workflow: Workflow; ns: Namespace };

/** Reads the main document and, recursively, its imports. */
export function readBundle(mainPath: string): Bundle {
  const sources: Record<string, string> = {};
  const visit = (path: string) => {
    if (path in sources) return;
    try {
      sources[path] = readFileSync(path, 'utf8');
    } catch (e) {
      throw new WdlImportError(path, (e as NodeJS.ErrnoException).code ?? String(e));
    }
    for (const imp of parseDocument(sources[path], path).imports) visit(importPath(path, imp.uri));
  };
  const main = resolve(mainPath);
  visit(main);
  return { main, sources };
}

function importPath(from: string, uri: string): string {
  const plain = uri.replace(/^file:\/\//, '');
  return isAbsolute(plain) ? plain : resolve(dirname(from), plain);
}

const cache = new Map<string, Namespace>();

/** The namespace of a bundle's main document (parsed once per process). */
export function openBundle(bundle: Bundle): Namespace {
  const key = bundle.main + '\0' + bundle.sources[bundle.main];
  let ns = cache.get(key);
  if (ns === undefined) {
    ns = openDocument(bundle, bundle.main);
    cache.set(key, ns);
  }
  return ns;
}

function openDocument(bundle: Bundle, path: string): Namespace {
  const text = bundle.sources[path];
  if (text === undefined) throw new WdlImportError(path, 'not among the workflow documents');
  const doc = parseDocument(text, path);
  const imports = new Map<string, Namespace>();
  const structs: StructTable = new Map();
  for (const imp of doc.imports) {
    const ns = openDocument(bundle, importPath(path, imp.uri));
    const name = imp.namespace ?? (imp.uri.split('/').pop() ?? imp.uri).replace(/\.wdl$/, '');
    imports.set(name, ns);
    for (const [structName, members] of ns.structs) {
      const alias = imp.aliases.find(([from]) => from === structName)?.[1] ?? structName;
      structs.set(alias, members);
    }
  }
  for (const s of doc.structs)
    structs.set(
      s.name,
      s.members.map((m): [string, TypeNode] => [m.name, m.type]),
    );
  return { doc, imports, structs };
}

/** Resolves a call target (`task`, `wf`, `ns.task`) from a namespace. */
export function resolveCallee(ns: Namespace, target: string, pos: Task['pos']): Callee {
  const parts = target.split('.');
  let here = ns;
  for (const part of parts.slice(0, -1)) {
    const next = here.imports.get(part);
    if (next === undefined) throw new WdlTypeError(pos, `no imported namespace '${part}' (call '${target}')`);
    here = next;
  }
  const name = parts[parts.length - 1];
  const task = here.doc.tasks.find((t) => t.name === name);
  if (task) return { kind: 'task', task, ns: here };
  if (here.doc.workflow?.name === name && here !== ns)
    return { kind: 'workflow', workflow: here.doc.workflow, ns: here };
  throw new WdlTypeError(pos, `no task or workflow named '${target}'`);
}
