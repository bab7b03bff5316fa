/**
 * Command rendering: placeholders filled in, and the common leading whitespace of the command's lines removed
 * (measured on the literal text, so a multi-line placeholder value cannot change the indentation), with the
 * blank first and last lines dropped.
 */
import { interpolate, type EvalScope } from '../eval/expr.js';
import type { StringPart } from '../syntax/ast.js';

/** The shell script of a command section. */
export function renderCommand(parts: StringPart[], scope: EvalScope): string {
  const trimmed = trimEnds(mergeText(parts));
  const indent = commonIndent(trimmed);
  const stripped = trimmed.map((p, i) => (typeof p === 'string' ? stripIndent(p, indent, i === 0) : p));
  return interpolate(stripped, scope);
}

/** Adjacent text parts as one (the lexer may split a line into several), so each starts after a placeholder. */
function mergeText(parts: StringPart[]): StringPart[] {
  const out: StringPart[] = [];
  for (const p of parts) {
    const last = out.length - 1;
    if (typeof p === 'string' && last >= 0 && typeof out[last] === 'string') out[last] = (out[last] as string) + p;
    else out.push(p);
  }
  return out;
}

function trimEnds(parts: StringPart[]): StringPart[] {
  const out = [...parts];
  if (typeof out[0] === 'string') out[0] = out[0].replace(/^[ \t]*\r?\n/, '');
  const last = out.length - 1;
  if (last >= 0 && typeof out[last] === 'string') out[last] = (out[last] as string).replace(/\r?\n[ \t]*$/, '');
  return out;
}

function commonIndent(parts: StringPart[]): number {
  // Placeholders count as non-blank text.
  const template = parts.map((p) => (typeof p === 'string' ? p : '\u0000')).join('');
  let min = Infinity;
  for (const line of template.split('\n')) {
    if (line.trim() === '') continue;
    min = Math.min(min, /^[ \t]*/.exec(line)![0].length);
  }
  return min === Infinity ? 0 : min;
}

function stripIndent(text: string, indent: number, atLineStart: boolean): string {
  if (indent === 0) return text;
  // Text after a placeholder continues its line: only the lines after its first newline lose their indentation.
  const lines = text.replace(new RegExp(`\\n[ \\t]{0,${indent}}`, 'g'), '\n');
  return atLineStart ? lines.replace(new RegExp(`^[ \\t]{0,${indent}}`), '') : lines;
}
