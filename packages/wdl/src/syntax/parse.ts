/**
 * `parseDocument(text, file)`: lexes and parses one WDL file into its tree; the first lexing or parsing error is a
 * WdlSyntaxError `file:line:col: message` with a caret excerpt.
 */
import type { IToken } from 'chevrotain';
import { registerSource, WdlSyntaxError } from '../errors.js';
import type { Document, Expr } from './ast.js';
import { DocParser } from './doc-parser.js';
import { relabelCommandBraces, wdlLexer } from './lexer.js';

/** One parser instance serves every document (chevrotain parsers are reusable and costly to build). */
let parser: DocParser | undefined;

/** Parses a WDL document; throws WdlSyntaxError on the first error. */
export function parseDocument(text: string, file: string): Document {
  const doc = run(text, file, (p) => p.document());
  return { file, ...doc };
}

/** Parses one expression (tests, and expressions given on the command line). */
export function parseExpression(text: string, file = '<expr>'): Expr {
  return run(text, file, (p) => p.expression());
}

function run<T>(text: string, file: string, rule: (p: DocParser) => T): T {
  registerSource(file, text);
  const lexed = wdlLexer().tokenize(text);
  if (lexed.errors.length > 0) {
    const e = lexed.errors[0];
    const ch = text.slice(e.offset, e.offset + 1);
    throw new WdlSyntaxError(
      { file, line: e.line ?? 0, col: e.column ?? 0 },
      `unexpected character ${JSON.stringify(ch)}`,
    );
  }
  relabelCommandBraces(lexed.tokens);
  parser ??= new DocParser();
  parser.file = file;
  parser.input = lexed.tokens;
  const result = rule(parser);
  if (parser.errors.length > 0) {
    const e = parser.errors[0];
    const previous = (e as { previousToken?: IToken }).previousToken;
    const token = isNaN(e.token.startOffset) && previous !== undefined ? previous : e.token;
    const pos = { file, line: token?.startLine ?? 1, col: token?.startColumn ?? 1 };
    const found = e.token.image === '' ? 'end of file' : `'${e.token.image}'`;
    throw new WdlSyntaxError(pos, `syntax error at ${found}: ${firstLine(e.message)}`);
  }
  return result;
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ but found: .*$/, '');
}
