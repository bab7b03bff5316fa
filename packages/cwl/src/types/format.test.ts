import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
const scope = { namespaces: { edam: 'http://edamontology.org/' }, schemas: [] as string[] };

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

  it('follows subClassOf (transitively) and equivalentClass through $schemas ontologies in RDF/XML and Turtle', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cwl-onto-'));
    const owl = join(dir, 'onto.owl');
    writeFileSync(
      owl,
      [
        '<?xml version="1.0"?>',
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"',
        '    xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#" xmlns:owl="http://www.w3.org/2002/07/owl#">',
        '  <owl:Class rdf:about="http://edamontology.org/format_3">',
        '    <rdfs:subClassOf rdf:resource="http://edamontology.org/format_2"/>',
        '  </owl:Class>',
        '  <owl:Class rdf:about="http://edamontology.org/format_2">',
        '    <rdfs:subClassOf rdf:resource="http://edamontology.org/format_1"/>',
        '  </owl:Class>',
        '</rdf:RDF>',
      ].join('\n'),
    );
    const ttl = join(dir, 'gx.ttl');
    writeFileSync(
      ttl,
      '@prefix owl: <http://www.w3.org/2002/07/owl#> .\n' +
        '<http://gx/fasta> owl:equivalentClass <http://edamontology.org/format_3> .\n',
    );
    const withOntology = { ...scope, schemas: [owl, ttl] };
    const check = (format: string) => checkInputFormats(params, { plain: file(format), rec: null }, ctx, withOntology);
    await expect(check('edam:format_3')).resolves.toBeUndefined(); // subclass of a subclass of format_1
    await expect(check('http://gx/fasta')).resolves.toBeUndefined(); // equivalent to format_3
    await expect(check('edam:format_9')).rejects.toThrow(/has format 'http:\/\/edamontology.org\/format_9'/);
    // An ontology that cannot be read here (a URL) cannot refuse: the differing format is accepted.
    const remote = { ...scope, schemas: ['http://example.com/onto.owl'] };
    await expect(
      checkInputFormats(params, { plain: file('edam:format_9'), rec: null }, ctx, remote),
    ).resolves.toBeUndefined();
  });
});
