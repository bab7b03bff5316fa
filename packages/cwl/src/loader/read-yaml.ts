/**
 * Reads a YAML or JSON file (JSON is YAML 1.2) into plain values with the `yaml` package, keeping each object's
 * source position for error messages.
 */
import { readFileSync } from 'node:fs';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { CwlValidationError } from '../errors.js';
import { indentFlowContinuations } from './flow-indent.js';
import { excerpt, setKeyPos, setPos, type SourcePos } from './positions.js';

/** Parses YAML/JSON text read from `file`; throws CwlValidationError with `file:line:col` on a syntax error. */
export function parseYaml(text: string, file: string): unknown {
  let lineCounter = new LineCounter();
  let doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  if (doc.errors.some((error) => error.code === 'BAD_INDENT')) {
    const retryCounter = new LineCounter();
    const retry = parseDocument(indentFlowContinuations(text), { lineCounter: retryCounter, uniqueKeys: false });
    if (retry.errors.length === 0) [doc, lineCounter] = [retry, retryCounter];
  }
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const at = lineCounter.linePos(error.pos[0]);
    const pos = { file, line: at.line, col: at.col };
    throw new CwlValidationError(`${file}:${at.line}:${at.col}`, firstLine(error.message), excerpt(pos));
  }
  const where = (offset: number | undefined): SourcePos => {
    const at = lineCounter.linePos(offset ?? 0);
    return { file, line: at.line, col: at.col };
  };
  return convert(doc.contents as Node | null, doc, where);
}

/** Reads and parses a file; a missing file is one line naming it. */
export function readYamlFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CwlValidationError(file, `cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseYaml(text, file);
}

function convert(node: Node | null, doc: Document, where: (offset: number | undefined) => SourcePos): unknown {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return convert(node.resolve(doc) ?? null, doc, where);
  if (isScalar(node)) return node.value;
  if (isSeq(node)) {
    const list = node.items.map((item) => convert(item as Node | null, doc, where));
    setPos(list, where(node.range?.[0]));
    return list;
  }
  if (isMap(node)) {
    const object: Record<string, unknown> = {};
    setPos(object, where(node.range?.[0]));
    for (const pair of node.items) {
      const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
      const value = pair.value as Node | null;
      object[key] = convert(value, doc, where);
      const range = value !== null && typeof value === 'object' && 'range' in value ? value.range : undefined;
      setKeyPos(object, key, where(range?.[0] ?? (isScalar(pair.key) ? pair.key.range?.[0] : undefined)));
    }
    return object;
  }
  return null;
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}
