/**
 * A workflow's documents: the main file and everything it imports, as texts keyed by absolute path, so that jobs
 * get them as an argument and re-parse them on any worker (no shared filesystem needed for the WDL itself).
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { WdlImportError } from '../errors.js';
import type { Document, TypeNode } from '../syntax/ast.js';
import { parseCached } from './doc-cache.js';
import { checkNamespace } from '../types/check.js';
import { fetchText, isHttpUrl } from './fetch-sync.js';
import type { StructTable } from '../types/types.js';

/** The sources of a workflow's documents. */
export interface Bundle {
  /** Absolute path (or http(s) URL) of the main document. */
  readonly main: string;
  /** Text of every document by absolute path or URL. */
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

export type { Callee } from './callee.js';

/**
 * Reads the main document and, recursively, its imports, and type-checks them all (`types/check.ts`), so a static
 * error stops the run before anything executes. Workers get the bundle as a job argument and do not check again.
 */
export function readBundle(mainPath: string): Bundle {
  const sources: Record<string, string> = {};
  const visit = (path: string) => {
    if (path in sources) return;
    if (isHttpUrl(path)) sources[path] = fetchText(path);
    else
      try {
        sources[path] = readFileSync(path, 'utf8');
      } catch (e) {
        throw new WdlImportError(path, (e as NodeJS.ErrnoException).code ?? String(e));
      }
    for (const imp of parseCached(sources[path], path).imports) visit(importPath(path, imp.uri));
  };
  const main = isHttpUrl(mainPath) ? mainPath : resolve(mainPath);
  visit(main);
  const bundle = { main, sources };
  checkNamespace(openBundle(bundle));
  return bundle;
}

/** Where an import points: a URL relative to an http(s) document or absolute, else a path relative to `from`. */
function importPath(from: string, uri: string): string {
  if (isHttpUrl(uri)) return new URL(uri).href;
  if (isHttpUrl(from)) return new URL(uri, from).href;
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
  const doc = parseCached(text, path);
  const imports = new Map<string, Namespace>();
  const structs: StructTable = new Map();
  for (const imp of doc.imports) {
    const ns = openDocument(bundle, importPath(path, imp.uri));
    const name = imp.namespace ?? (imp.uri.split('/').pop() ?? imp.uri).replace(/\.wdl$/, '');
    imports.set(name, ns);
    const renamed = new Map(imp.aliases);
    for (const [structName, members] of ns.structs) {
      // Members naming an aliased struct must keep meaning the imported one, not a namesake of this document.
      const aliased = members.map(([m, t]): [string, TypeNode] => [m, renameStructs(t, renamed)]);
      structs.set(renamed.get(structName) ?? structName, aliased);
    }
  }
  for (const s of doc.structs)
    structs.set(
      s.name,
      s.members.map((m): [string, TypeNode] => [m.name, m.type]),
    );
  return { doc, imports, structs };
}

export { resolveCallee } from './callee.js';

/** `type` with the struct names of `renamed` (an import's `alias X as Y`) replaced by their aliases. */
function renameStructs(type: TypeNode, renamed: Map<string, string>): TypeNode {
  switch (type.kind) {
    case 'named':
      return { ...type, name: renamed.get(type.name) ?? type.name };
    case 'array':
      return { ...type, item: renameStructs(type.item, renamed) };
    case 'map':
      return { ...type, key: renameStructs(type.key, renamed), value: renameStructs(type.value, renamed) };
    case 'pair':
      return { ...type, left: renameStructs(type.left, renamed), right: renameStructs(type.right, renamed) };
    default:
      return type;
  }
}
