/**
 * Loads a CWL process from `path[#fragment]`: reads the file once (cached), expands `$import`/`$include`, picks
 * the process out of a `$graph`, and normalises it with its steps' `run` documents loaded the same way.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CwlValidationError } from '../errors.js';
import type { Process } from '../model.js';
import { expandDirectives, toPath } from './directives.js';
import { fragmentOf } from './ids.js';
import { normalizeProcess, type NormalizeContext } from './normalize.js';
import { invalidAt } from './positions.js';
import { readYamlFile } from './read-yaml.js';
import { upgradeDocument } from './upgrade.js';

interface LoadedFile {
  root: Record<string, unknown>;
  graph: Record<string, unknown>[] | undefined;
  cwlVersion: string;
  namespaces: Record<string, string>;
  schemas: string[];
}

const SUPPORTED_VERSIONS = new Set(['v1.0', 'v1.1', 'v1.2', 'v1.1.0-dev1', 'v1.2.0-dev1', 'v1.2.0-dev2']);

/** Loads the process named by `reference` (a path or file: URL, with an optional `#fragment`). */
export function loadProcess(reference: string): Process {
  const hash = reference.indexOf('#');
  const bare = hash === -1 ? reference : reference.slice(0, hash);
  const file = bare.startsWith('file://') ? fileURLToPath(bare) : resolve(bare);
  const fragment = hash === -1 ? undefined : reference.slice(hash + 1);
  return new Loader().process(file, fragment);
}

/** One load: a cache of files read, so a packed document or a shared tool is parsed once. */
class Loader {
  readonly #files = new Map<string, LoadedFile>();

  process(file: string, fragment: string | undefined, owner?: object): Process {
    const loaded = this.#file(file);
    let raw: Record<string, unknown> | undefined = loaded.root;
    if (loaded.graph !== undefined) {
      raw = pickFromGraph(loaded.graph, fragment);
      if (raw === undefined) {
        const ids = loaded.graph.map((entry) => `#${fragmentOf(String(entry.id))}`).join(', ');
        const what = fragment === undefined ? "no '#main' process" : `no process '#${fragment}'`;
        throw invalidAt(owner ?? loaded.root, `${what} in the $graph; it has ${ids}`, file);
      }
    } else if (fragment !== undefined && fragmentOf(String(raw.id ?? '')) !== fragment) {
      throw invalidAt(owner ?? loaded.root, `no process '#${fragment}' in this document`, file);
    }
    const ctx: NormalizeContext = {
      file,
      cwlVersion: loaded.cwlVersion,
      namespaces: loaded.namespaces,
      schemas: loaded.schemas,
      defs: new Map(),
      loadRun: (run, fromFile, runOwner) => this.#run(run, fromFile, runOwner, ctx),
    };
    return normalizeProcess(raw, ctx);
  }

  #run(run: unknown, fromFile: string, owner: object, ctx: NormalizeContext): Process {
    if (typeof run === 'string') {
      if (run.startsWith('#')) return this.process(fromFile, run.slice(1), owner);
      const hash = run.indexOf('#');
      return this.process(toPath(run, fromFile), hash === -1 ? undefined : run.slice(hash + 1), owner);
    }
    if (typeof run === 'object' && run !== null && !Array.isArray(run)) {
      return normalizeProcess(run as Record<string, unknown>, { ...ctx, file: fromFile });
    }
    throw invalidAt(owner, "a step's 'run' must be a path or a process object", fromFile, 'run');
  }

  #file(file: string): LoadedFile {
    const cached = this.#files.get(file);
    if (cached !== undefined) return cached;
    const raw = readYamlFile(file);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new CwlValidationError(file, 'a CWL document must be a mapping with a class (or a $graph)');
    }
    const root = expandDirectives(raw, file) as Record<string, unknown>;
    const cwlVersion = typeof root.cwlVersion === 'string' ? root.cwlVersion : 'v1.2';
    if (!SUPPORTED_VERSIONS.has(cwlVersion)) {
      throw invalidAt(root, `unsupported cwlVersion '${cwlVersion}': use v1.0, v1.1 or v1.2`, file, 'cwlVersion');
    }
    upgradeDocument(root, cwlVersion);
    const graph = Array.isArray(root.$graph) ? (root.$graph as Record<string, unknown>[]) : undefined;
    const namespaces = (root.$namespaces ?? {}) as Record<string, string>;
    const schemas = ((root.$schemas ?? []) as unknown[]).map((entry) =>
      /^[a-z][a-z0-9+.-]*:/i.test(String(entry)) ? String(entry) : resolve(dirname(file), String(entry)),
    );
    const loaded = { root, graph, cwlVersion, namespaces, schemas };
    this.#files.set(file, loaded);
    return loaded;
  }
}

function pickFromGraph(graph: Record<string, unknown>[], fragment: string | undefined) {
  const wanted = fragment ?? 'main';
  const found = graph.find((entry) => fragmentOf(String(entry.id ?? '')) === wanted);
  if (found !== undefined || fragment !== undefined) return found;
  return graph.length === 1 ? graph[0] : undefined;
}
