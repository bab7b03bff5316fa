/**
 * Parsed documents cached by content. Building chevrotain's lexer and parser costs about 0.1 s of CPU in every
 * run, more than parsing any document, so a document this build of the runner has parsed before is read back
 * from a private cache folder instead, and then neither is built. Within a process, each text is parsed once
 * (readBundle reads imports from the tree that openBundle then uses).
 *
 * What is loaded is verified, as the tree decides which commands run: an entry is found by the SHA-256 of the
 * build's id and the document's text, and used only when it holds that same build id and that same text; the
 * folder is used only when it is a real directory owned by this user that no one else may read or write (0700),
 * in one that no one else may write.
 * Entries are written to a temporary name and renamed, so a reader never sees half an entry. The tree does not
 * depend on the document's path, which every position names: entries hold a marker in its place, so a document
 * copied elsewhere (each conformance case gets a new folder) still finds its entry.
 */
import { createHash, randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { registerSource } from '../errors.js';
import type { Document } from '../syntax/ast.js';
import { parseDocument } from '../syntax/parse.js';

// The build's id: a hash of the package's sources, set by tsup (tsup.config.ts). Undefined when the sources run
// without a build (the tests), where no cache is used unless a test passes its own settings.
declare const __WDL_BUILD_ID__: string | undefined;

/** Where and for which build documents are cached. */
export interface DocCacheSettings {
  /** The cache's root folder (entries go to `parsed-<build>` inside it); undefined turns the disk cache off. */
  readonly dir: string | undefined;
  /** The runner build the entries belong to; entries of other builds are never used. */
  readonly build: string;
}

/**
 * The default settings: `TOIL_WDL_PARSE_CACHE` names the folder (`off` turns the cache off), else
 * `$XDG_CACHE_HOME/toil-wdl` or `~/.cache/toil-wdl`.
 */
export function defaultCacheSettings(env: NodeJS.ProcessEnv = process.env): DocCacheSettings {
  const build = typeof __WDL_BUILD_ID__ === 'string' ? __WDL_BUILD_ID__ : undefined;
  const setting = env.TOIL_WDL_PARSE_CACHE;
  if (build === undefined || setting === 'off') return { dir: undefined, build: 'none' };
  const dir = setting || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'toil-wdl');
  return { dir, build };
}

const memory = new Map<string, Document>();
// The path every position names is kept as this (a control character cannot stand unescaped in JSON text).
const FILE_MARK = '"file":\u0001';

/** The tree of `text` (the document at `file`): from memory, from the cache folder, or parsed and cached. */
export function parseCached(text: string, file: string, settings = defaultCacheSettings()): Document {
  const memoKey = `${file}\0${text}`;
  const known = memory.get(memoKey);
  if (known !== undefined) return known;
  const folder = settings.dir === undefined ? undefined : privateFolder(settings.dir, settings.build);
  const key = createHash('sha256').update(`${settings.build}\0${text}`).digest('hex');
  let doc = folder === undefined ? undefined : readEntry(join(folder, `${key}.json`), settings.build, text, file);
  if (doc !== undefined)
    registerSource(file, text); // as parseDocument does, for errors' caret excerpts
  else {
    doc = parseDocument(text, file);
    if (folder !== undefined) writeEntry(folder, key, settings.build, text, file, doc);
  }
  memory.set(memoKey, doc);
  return doc;
}

/** The entry's tree when it is this build's entry for exactly this text; undefined otherwise. */
function readEntry(path: string, build: string, text: string, file: string): Document | undefined {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    return undefined; // not cached yet
  }
  try {
    const entry = JSON.parse(raw.split(FILE_MARK).join(`"file":${JSON.stringify(file)}`)) as {
      build?: unknown;
      text?: unknown;
      doc?: Document;
    };
    return entry.build === build && entry.text === text && entry.doc?.file === file ? entry.doc : undefined;
  } catch {
    return undefined; // damaged: parsed again, and rewritten
  }
}

function writeEntry(folder: string, key: string, build: string, text: string, file: string, doc: Document): void {
  let json: string;
  try {
    // A number JSON cannot hold (a literal too large for a double) would come back as null: not cached.
    json = JSON.stringify({ build, text, doc }, (_k, v: unknown) => {
      if (typeof v === 'number' && !Number.isFinite(v)) throw new RangeError('not JSON');
      return v;
    });
  } catch {
    return;
  }
  const temp = join(folder, `${key}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, json.split(`"file":${JSON.stringify(file)}`).join(FILE_MARK), { mode: 0o600 });
    renameSync(temp, join(folder, `${key}.json`));
  } catch {
    // The cache only saves time: a full disk or a folder removed meanwhile leaves the run as it was.
    rmSync(temp, { force: true });
  }
}

const checked = new Map<string, string | undefined>();

/**
 * The build's folder `root/parsed-<build>`, made (0700) when missing, when `root` is a directory (not a link) of
 * this user that others cannot write and the build's folder one that others cannot read or write either;
 * undefined (no disk cache) otherwise. When a build's folder is made, the `parsed-*` folders of other builds
 * beside it are removed, so the cache holds one build's entries (nothing else in `root` is touched).
 */
function privateFolder(root: string, build: string): string | undefined {
  const dir = join(root, `parsed-${build}`);
  if (checked.has(dir)) return checked.get(dir);
  let result: string | undefined;
  try {
    const created = mkdirSync(dir, { recursive: true, mode: 0o700 }) !== undefined;
    const mine = (path: string, others: number) => {
      const st = lstatSync(path);
      return st.isDirectory() && st.uid === process.getuid?.() && (st.mode & others) === 0;
    };
    result = mine(root, 0o022) && mine(dir, 0o077) ? dir : undefined;
    if (result !== undefined && created)
      for (const old of readdirSync(root))
        if (old.startsWith('parsed-') && join(root, old) !== dir)
          rmSync(join(root, old), { recursive: true, force: true });
  } catch {
    result = undefined;
  }
  checked.set(dir, result);
  return result;
}
