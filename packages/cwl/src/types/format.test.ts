import { describe, expect, it } from 'vitest';
import type { ExprContext } from '../expr/evaluate.js';
import type { Parameter } from '../model.js';
import { checkInputFormats } from './format.js';

const ctx: ExprContext = { sandbox: undefined, lib: [], inputs: {}, runtime: {} };
const file = (format: string) => ({ class: 'File', path: '/data/x.txt', basename: 'x.txt', format });
const params: Parameter[] = [
  { id: 'plain', type: ['null', 'File'], format: 'edam:format_1' },
  {
    id: 'rec',
    type: [
      'null',
      { type: 'record', fields: [{ name: 'list', type: { type: 'array', items: 'File' }, format: 'http://x/f2' }] },
    ],
  },
] as Parameter[];
const scope = { namespaces: { edam: 'http://edamontology.org/' }, hasSchemas: false };

describe('checkInputFormats', () => {
  it('accepts a File whose format is allowed once namespace prefixes are expanded, and a File without one', async () => {
    const inputs = { plain: file('http://edamontology.org/format_1'), rec: { list: [{ class: 'File', path: '/a' }] } };
    await expect(checkInputFormats(params, inputs, ctx, scope)).resolves.toBeUndefined();
  });

  it('refuses another format in one line naming the input (record fields and array items too)', async () => {
    await expect(checkInputFormats(params, { plain: file('edam:format_9'), rec: null }, ctx, scope)).rejects.toThrow(
      "Input 'plain': the File '/data/x.txt' has format 'http://edamontology.org/format_9', which is not " +
        "'http://edamontology.org/format_1'; give a File of that format.",
    );
    const inputs = { plain: null, rec: { list: [file('http://x/f2'), file('http://x/f3')] } };
    await expect(checkInputFormats(params, inputs, ctx, scope)).rejects.toThrow(
      /^Input 'rec.list': .* 'http:\/\/x\/f3'/,
    );
  });

  it('accepts another format when the document names an ontology in $schemas (not read yet)', async () => {
    const inputs = { plain: file('edam:format_9'), rec: null };
    await expect(checkInputFormats(params, inputs, ctx, { ...scope, hasSchemas: true })).resolves.toBeUndefined();
  });
});
