import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compareDirectory } from '../conformance/compare-dir.js';
import { parseDocument } from '../syntax/parse.js';

// The built runner, as users run it (turbo builds the package before its tests).
const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../fixtures/directory.wdl', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'wdl-dirs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Directory values and version development', () => {
  it('parses call inputs with a trailing comma, and refuses two commas', () => {
    const doc = parseDocument('version development\nworkflow w { call t { input: a = 1, b = 2, } }', 'w.wdl');
    const call = doc.workflow!.body[0];
    expect(call.kind === 'call' && Object.keys(call.inputs)).toEqual(['a', 'b']);
    expect(() => parseDocument('version development\nworkflow w { call t { input: a = 1,, } }', 'w.wdl')).toThrow(
      /w\.wdl:2:36: syntax error at ','/,
    );
  });

  it('passes a task-made Directory to the next task, ending in / in its command, and exports it whole', () => {
    const r = spawnSync(process.execPath, [CLI, FIXTURE, '--outputDirectory', join(dir, 'out')], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    // `find ~{d}` prints the directory itself first, as `made/` (the trailing slash other engines give it).
    expect(out['dirs.found']).toEqual(['made/', 'made/a.txt', 'made/sub', 'made/sub/b.txt']);
    expect(out['dirs.out']).toBe(join(dir, 'out', 'made'));
    expect(readdirSync(join(dir, 'out', 'made')).sort()).toEqual(['a.txt', 'sub']);
    // The conformance rule for Directory outputs: the listing, recursively, by type and base name.
    const listing = [
      { type: 'File', basename: 'a.txt' },
      { type: 'Directory', basename: 'sub', listing: [{ type: 'File', basename: 'b.txt' }] },
    ];
    expect(compareDirectory({ listing }, out['dirs.out'], 'dirs.out', dir)).toBeUndefined();
    expect(compareDirectory({ listing: listing.slice(1) }, out['dirs.out'], 'dirs.out', dir)).toMatch(
      /holds \["a.txt","sub"\], expected 1 entries/,
    );
    expect(
      compareDirectory({ listing: [listing[0], { type: 'File', basename: 'sub' }] }, 'out/made', 'dirs.out', dir),
    ).toMatch(/lacks the File "sub"/);
    expect(compareDirectory({ listing }, 'nowhere', 'dirs.out', dir)).toMatch(/"nowhere" does not exist/);
  });
});
