/**
 * The format ontologies a document names in `$schemas` (EDAM's RDF/XML, Galaxy's Turtle, ...), read with RDF
 * parsers from npm (`rdfxml-streaming-parser`, `n3`) into one graph of `rdfs:subClassOf` and
 * `owl:equivalentClass` links. A format is allowed when it is an allowed one, a subclass of one (transitively) or
 * an equivalent class (CWL v1.2, Process `format`). Each file is read once per process, and only when a format
 * does not match exactly, so documents without `$schemas` pay nothing.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { pathToFileURL } from 'node:url';

const SUBCLASS_OF = 'http://www.w3.org/2000/01/rdf-schema#subClassOf';
const EQUIVALENT_CLASS = 'http://www.w3.org/2002/07/owl#equivalentClass';

/** One triple, as both parsers give it (RDF/JS terms: only `termType` and `value` are used). */
interface Triple {
  subject: { termType: string; value: string };
  predicate: { value: string };
  object: { termType: string; value: string };
}

/** Class IRI → the classes it is a subclass of or equivalent to. */
type Links = Map<string, Set<string>>;

const graphs = new Map<string, Promise<Links | undefined>>();

/**
 * True when `format` is one of `allowed` or reaches one through the ontologies in `schemas`; undefined when an
 * ontology cannot be read here (a URL: no network), so the caller decides.
 */
export async function formatAllowed(
  format: string,
  allowed: string[],
  schemas: string[],
): Promise<boolean | undefined> {
  if (allowed.includes(format)) return true;
  const links: Links = new Map();
  for (const schema of schemas) {
    const graph = await load(schema);
    if (graph === undefined) return undefined;
    for (const [from, to] of graph) for (const target of to) add(links, from, target);
  }
  const seen = new Set([format]);
  const queue = [format];
  while (queue.length > 0) {
    const next = queue.shift() as string;
    if (allowed.includes(next)) return true;
    for (const parent of links.get(next) ?? []) {
      if (!seen.has(parent)) {
        seen.add(parent);
        queue.push(parent);
      }
    }
  }
  return false;
}

function load(schema: string): Promise<Links | undefined> {
  let graph = graphs.get(schema);
  if (graph === undefined) {
    graph = /^[a-z][a-z0-9+.-]*:\/\//i.test(schema) ? Promise.resolve(undefined) : parse(schema);
    graphs.set(schema, graph);
  }
  return graph;
}

async function parse(path: string): Promise<Links> {
  const text = await readFile(path, 'utf8');
  const baseIRI = pathToFileURL(path).href;
  const triples = ['.ttl', '.n3', '.nt'].includes(extname(path).toLowerCase())
    ? await turtle(text, baseIRI)
    : await rdfXml(text, baseIRI);
  const links: Links = new Map();
  for (const { subject, predicate, object } of triples) {
    if (subject.termType !== 'NamedNode' || object.termType !== 'NamedNode') continue;
    if (predicate.value === SUBCLASS_OF) add(links, subject.value, object.value);
    if (predicate.value === EQUIVALENT_CLASS) {
      add(links, subject.value, object.value);
      add(links, object.value, subject.value);
    }
  }
  return links;
}

function add(links: Links, from: string, to: string): void {
  const set = links.get(from) ?? new Set<string>();
  set.add(to);
  links.set(from, set);
}

async function turtle(text: string, baseIRI: string): Promise<Triple[]> {
  // n3 is CommonJS without type declarations: its Parser is typed here by what is used.
  const n3 = (await import('n3')) as unknown as N3Module & { default?: N3Module };
  const Parser = n3.Parser ?? n3.default?.Parser;
  return new Parser({ baseIRI }).parse(text);
}

interface N3Module {
  Parser: new (options: { baseIRI: string }) => { parse(text: string): Triple[] };
}

async function rdfXml(text: string, baseIRI: string): Promise<Triple[]> {
  const { RdfXmlParser } = await import('rdfxml-streaming-parser');
  const parser = new RdfXmlParser({ baseIRI });
  const triples: Triple[] = [];
  return new Promise((resolve, reject) => {
    parser.on('data', (triple: Triple) => triples.push(triple));
    parser.on('error', reject);
    parser.on('end', () => resolve(triples));
    parser.end(text);
  });
}
