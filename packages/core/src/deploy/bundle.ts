import { createHash } from 'node:crypto';
import type { Plugin } from 'esbuild';
import { LoadError } from '../errors.js';
import { cachedBundleCode, rememberBundle } from './bundle-cache.js';
import { userBundleCacheDir } from './cache-dir.js';

/** The name of the global through which a bundle reaches the @toil/core of the process that loads it. */
export const CORE_GLOBAL = 'toil.core';

/**
 * This package's own name. Loaders import it by name (Node resolves a package's own name through its "exports"),
 * which gives the public API without a static import of index.ts from inside the package (an import cycle).
 * Held in a variable so the type checker does not need the built package to exist.
 */
export const CORE_PACKAGE: string = '@toil/core';

/**
 * The entry points of @toil/core a workflow module may import. None is bundled: a second copy of core inside a
 * bundle would have its own job registry, so each is read from the loading process's copy.
 */
export const CORE_ENTRY_POINTS: readonly string[] = [
  CORE_PACKAGE,
  `${CORE_PACKAGE}/backend`,
  `${CORE_PACKAGE}/internal`,
];

/** The names each entry point exports, keyed by its specifier (`@toil/core`, `@toil/core/backend`, ...). */
export type CoreExportNames = Readonly<Record<string, readonly string[]>>;

/** A workflow module bundled into one ESM file. */
export interface WorkflowBundle {
  /** sha256 of the code, hex: the bundle's identity in the job store. */
  hash: string;
  /** The bundled ESM code (with an inline source map). */
  code: string;
  /** Absolute path of the entry module. */
  entry: string;
}

/**
 * esbuild plugin: `@toil/core` and its other entry points are not bundled but read from a global the loader sets,
 * so the workflow's jobs register in the same registry as the worker's own core, wherever the bundle file sits (no
 * node_modules lookup from the bundle's location is needed).
 */
function coreShim(exportNames: CoreExportNames): Plugin {
  return {
    name: 'toil-core-shim',
    setup(b) {
      b.onResolve({ filter: /^@toil\/core(\/backend|\/internal)?$/ }, (args) => ({
        path: args.path,
        namespace: 'toil-core-shim',
      }));
      b.onLoad({ filter: /.*/, namespace: 'toil-core-shim' }, (args) => ({
        contents:
          `const core = globalThis[Symbol.for(${JSON.stringify(CORE_GLOBAL)})]?.[${JSON.stringify(args.path)}];\n` +
          `if (!core) throw new Error('@toil/core shim: load this bundle with loadWorkflowBundle()');\n` +
          (exportNames[args.path] ?? []).map((n) => `export const ${n} = core.${n};`).join('\n') +
          '\nexport default core;\n',
        loader: 'js',
      }));
    },
  };
}

const cache = new Map<string, WorkflowBundle>();

/**
 * Bundle a workflow module (TypeScript or JavaScript) and everything it imports, except @toil/core and Node
 * built-ins. A module that does not compile fails with `file:line:col: message` for each error. A bundle of the
 * same files made by an earlier run is taken from `cacheDir` (this user's private bundle cache; see
 * bundle-cache.ts) instead of running esbuild again.
 */
export async function bundleWorkflow(
  entry: string,
  coreExportNames: CoreExportNames,
  cacheDir: string = userBundleCacheDir(),
): Promise<WorkflowBundle> {
  const cached = cache.get(entry);
  if (cached) return cached;
  const shimKey = JSON.stringify(coreExportNames);
  const kept = await cachedBundleCode(cacheDir, entry, shimKey);
  if (kept) {
    const bundle = { ...kept, entry };
    cache.set(entry, bundle);
    return bundle;
  }
  const baseDir = process.cwd();
  let result;
  try {
    // Loaded only when a module is bundled: esbuild's JavaScript API costs every process that imports @toil/core
    // tens of milliseconds, and workers, in-process runs and --disableAutoDeployment never bundle.
    const { build } = await import('esbuild');
    result = await build({
      entryPoints: [entry],
      absWorkingDir: baseDir,
      metafile: true,
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: 'inline',
      logLevel: 'silent',
      plugins: [coreShim(coreExportNames)],
      // Bundled CommonJS dependencies may call require(); give them one.
      banner: {
        js: "import { createRequire as __toilCreateRequire } from 'node:module'; const require = __toilCreateRequire(import.meta.url);",
      },
    });
  } catch (error) {
    const errors = (
      error as {
        errors?: { text: string; location?: { file: string; line: number; column: number; lineText: string } | null }[];
      }
    ).errors;
    if (errors?.length) {
      const lines = errors.map((e) =>
        e.location ? `${e.location.file}:${e.location.line}:${e.location.column + 1}: ${e.text}` : e.text,
      );
      // One error stays on one line (the CLI prints one line per user mistake); several get one line each.
      throw new LoadError(
        `The workflow module ${entry} does not compile:${lines.length === 1 ? ' ' : '\n'}${lines.join('\n')}`,
      );
    }
    throw new LoadError(`Could not bundle the workflow module ${entry}: ${(error as Error).message}`, { cause: error });
  }
  const code = result.outputFiles[0].text;
  const bundle = { hash: createHash('sha256').update(code).digest('hex'), code, entry };
  cache.set(entry, bundle);
  await rememberBundle(cacheDir, entry, shimKey, bundle, Object.keys(result.metafile.inputs), baseDir);
  return bundle;
}
