import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultSuitesRoot } from './cases.js';
import { importClosure } from './run-case.js';

const spec = join(defaultSuitesRoot(fileURLToPath(new URL('.', import.meta.url))), 'wdl-spec-1.1');

describe('importClosure', () => {
  it("copies a case's document and what it imports, directly or not, and nothing else of its folder", () => {
    expect(importClosure(spec, 'import_structs.wdl')).toEqual(['import_structs.wdl', 'person_struct_task.wdl']);
    // allow_nested imports call_example, which imports other.
    expect(importClosure(spec, 'allow_nested.wdl')).toEqual(['allow_nested.wdl', 'call_example.wdl', 'other.wdl']);
    expect(importClosure(spec, 'hello.wdl')).toEqual(['hello.wdl']);
  });
});
