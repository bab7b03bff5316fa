import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCacheSettings, parseCached } from './doc-cache.js';

const TEXT = `version 1.1
workflow w {
  output {
    Int answer = 42
  }
}
`;

// Every call below names another file: the in-process memo is keyed by file and text, so each one goes to disk.
let n = 0;
const fresh = (dir: string) => join(dir, `doc-${++n}.wdl`);
const answer = (doc: ReturnType<typeof parseCached>) => {
  const out = doc.workflow!.outputs![0];
  return out.expr?.kind === 'int' ? out.expr.value : undefined;
};

function cacheRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'wdl-doc-cache-'));
  return join(root, 'cache');
}

describe('parse cache', () => {
  it('stores a parsed document in a private folder and reads it back for the same text at another path', () => {
    const settings = { dir: cacheRoot(), build: 'b1' };
    const first = parseCached(TEXT, fresh('/a'), settings);
    const folder = join(settings.dir, 'parsed-b1');
    const entries = readdirSync(folder);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatch(/^[0-9a-f]{64}\.json$/);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(statSync(join(folder, entries[0])).mode & 0o777).toBe(0o600);

    const path = fresh('/b');
    const second = parseCached(TEXT, path, settings);
    expect(second).not.toBe(first);
    // The tree names the path it was asked for, in every position, as a fresh parse would.
    expect(second.file).toBe(path);
    expect(second.workflow!.pos.file).toBe(path);
    expect(JSON.stringify(second)).not.toContain('/a/');
    expect(answer(second)).toBe(42);
  });

  it('uses an entry only for its build and its exact text', () => {
    const settings = { dir: cacheRoot(), build: 'b1' };
    parseCached(TEXT, fresh('/a'), settings);
    const folder = join(settings.dir, 'parsed-b1');
    const entry = join(folder, readdirSync(folder)[0]);
    const original = readFileSync(entry, 'utf8');

    // An entry that says 43 is read as it is: proof that the tree comes from the entry.
    writeFileSync(entry, original.replace('"value":42', '"value":43'));
    expect(answer(parseCached(TEXT, fresh('/c'), settings))).toBe(43);
    // The same entry claiming another text, or another build, is not used: the document is parsed again.
    writeFileSync(entry, original.replace('"value":42', '"value":43').replace('Int answer = 42', 'Int answer = 7'));
    expect(answer(parseCached(TEXT, fresh('/d'), settings))).toBe(42);
    writeFileSync(entry, original.replace('"value":42', '"value":43').replace('"build":"b1"', '"build":"b2"'));
    expect(answer(parseCached(TEXT, fresh('/e'), settings))).toBe(42);
    // A damaged entry is parsed again and rewritten.
    writeFileSync(entry, '{"build":');
    expect(answer(parseCached(TEXT, fresh('/f'), settings))).toBe(42);
    expect(readFileSync(entry, 'utf8')).toBe(original);
  });

  it('keeps one build: a new build removes the folders of older ones and nothing else', () => {
    const dir = cacheRoot();
    parseCached(TEXT, fresh('/a'), { dir, build: 'old' });
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    parseCached(TEXT, fresh('/a'), { dir, build: 'new' });
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', 'parsed-new']);
  });

  it('caches nothing in a folder that others may read or write', () => {
    const dir = cacheRoot();
    mkdirSync(join(dir, 'parsed-b1'), { recursive: true });
    chmodSync(join(dir, 'parsed-b1'), 0o755);
    const doc = parseCached(TEXT, fresh('/a'), { dir, build: 'b1' });
    expect(answer(doc)).toBe(42);
    expect(readdirSync(join(dir, 'parsed-b1'))).toEqual([]);

    const open = cacheRoot();
    mkdirSync(open, { recursive: true });
    chmodSync(open, 0o777);
    parseCached(TEXT, fresh('/a'), { dir: open, build: 'b1' });
    expect(readdirSync(join(open, 'parsed-b1'))).toEqual([]);
  });

  it('is off without a build id (sources run unbuilt) or with TOIL_WDL_PARSE_CACHE=off', () => {
    expect(defaultCacheSettings({}).dir).toBeUndefined();
    expect(defaultCacheSettings({ TOIL_WDL_PARSE_CACHE: 'off' }).dir).toBeUndefined();
  });
});
