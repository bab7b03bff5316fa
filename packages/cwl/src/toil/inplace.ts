/**
 * InplaceUpdateRequirement as Toil jobs. A tool that changes a File or Directory in place must leave the change
 * where a later job given the same value reads it, but every job gets its own copies through the job store. So,
 * in a workflow that has the requirement anywhere: a tool job that has it reads private (mutable) copies and, after
 * the tool, writes what changed back into the job store under the same FileIDs (`FileStore.updateGlobalFile`); and
 * every Directory's tree is saved as a job store file of its own (files.ts, TREE_FILE), updated after such a tool,
 * which later jobs download instead of the value's snapshot. Other workflows pay nothing: no tree files are made.
 */
import { existsSync, readdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FileStore } from '@toil/core';
import { loadProcess } from '../loader/load.js';
import type { Process, Requirement } from '../model.js';
import type { Requirements } from '../runtime/requirements.js';
import type { Tree, TreeFiles } from './files.js';

/** Whether InplaceUpdateRequirement (requirement or hint) appears anywhere in the tree or the job's overrides. */
export function needsSharedFiles(process: Process, overrides: readonly Requirement[] = []): boolean {
  const inplace = (reqs: readonly { class: string }[] = []) => reqs.some((r) => r.class === 'InplaceUpdateRequirement');
  const walk = (p: Process): boolean =>
    inplace(p.requirements) ||
    inplace(p.hints) ||
    (p.steps ?? []).some((s) => inplace(s.requirements) || inplace(s.hints) || walk(s.run));
  return inplace(overrides) || walk(process);
}

/** Per document reference: whether its process tree updates in place (documents are loaded once per worker). */
const cache = new Map<string, boolean>();

function updatesInPlace(ref: string, overrides: Requirement[]): boolean {
  // The job file's own requirements (`cwl:requirements`) travel with every job, the same in the whole run.
  if (overrides.some((r) => r.class === 'InplaceUpdateRequirement')) return true;
  let found = cache.get(ref);
  if (found === undefined) {
    found = needsSharedFiles(loadProcess(ref), []);
    cache.set(ref, found);
  }
  return found;
}

/** What a tool job does differently in a workflow that updates in place. */
export interface InplaceJob {
  /** Directory trees as job store files. */
  trees: TreeFiles;
  /** This tool changes its inputs in place: it reads private copies, written back after the run. */
  mutable: boolean;
  /** Records the inputs as downloaded (call after downloading, before the tool). */
  snapshot(known: Map<string, string>): void;
  /** Writes back inputs the tool changed (same FileIDs) and the trees of downloaded Directories. */
  writeBack(known: Map<string, string>): Promise<void>;
}

/** A tool job's in-place handling (`reqs`: the tool's requirements; `scratch`: a private folder for trees' JSON). */
export function inplaceJob(fileStore: FileStore, reqs: Requirements, scratch: string): InplaceJob {
  const mutable = reqs.get('InplaceUpdateRequirement')?.inplaceUpdate === true;
  const before = new Map<string, string>();
  let saved = 0;
  const writeTree = (tree: Tree): string => {
    const file = join(scratch, `tree-${++saved}.json`);
    writeFileSync(file, JSON.stringify(tree), { mode: 0o600 });
    return file;
  };
  const trees: TreeFiles = {
    folders: new Map(),
    save: async (tree) => (await fileStore.writeGlobalFile(writeTree(tree))).id,
    load: async (id) => JSON.parse((await fileStore.readGlobalFileBytes(id)).toString('utf8')) as Tree,
  };
  return {
    trees,
    mutable,
    snapshot(known) {
      if (mutable) for (const path of known.keys()) before.set(path, stamp(path));
    },
    async writeBack(known) {
      if (!mutable) return;
      for (const [path, id] of known) {
        const was = before.get(path);
        if (was !== undefined && stamp(path) !== was) await fileStore.updateGlobalFile(id, path);
      }
      // Each downloaded folder's tree as it is now: new files stored, the others by their (updated) FileIDs.
      for (const [folder, treeFile] of trees.folders) {
        const tree = await treeOf(folder, known, fileStore);
        await fileStore.updateGlobalFile(treeFile, writeTree(tree));
      }
      // Outputs reach these files through the links the tool was given: files.ts looks them up by real path.
      for (const [path, id] of [...known]) if (existsSync(path)) known.set(realpathSync(path), id);
    },
  };
}

/**
 * `inplaceJob` when the workflow of `ref` (the root document) or the job file's `overrides` have
 * InplaceUpdateRequirement anywhere, else undefined.
 */
export function inplaceJobFor(
  fileStore: FileStore,
  ref: string,
  overrides: Requirement[],
  reqs: Requirements,
  scratch: string,
): InplaceJob | undefined {
  return updatesInPlace(ref, overrides) ? inplaceJob(fileStore, reqs, scratch) : undefined;
}

/** What tells a changed file: its size and modification time (nanoseconds), and inode (a replaced file). */
function stamp(path: string): string {
  try {
    const st = statSync(path, { bigint: true });
    return `${st.size}:${st.mtimeNs}:${st.ino}`;
  } catch {
    return 'gone';
  }
}

async function treeOf(folder: string, known: Map<string, string>, fileStore: FileStore): Promise<Tree> {
  const tree: Tree = {};
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) tree[name] = await treeOf(path, known, fileStore);
    else {
      let id = known.get(path);
      if (id === undefined) {
        id = (await fileStore.writeGlobalFile(path)).id;
        known.set(path, id);
      }
      tree[name] = id;
    }
  }
  return tree;
}
