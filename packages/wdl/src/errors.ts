/**
 * The conditions a WDL document or run can fail on, each with a stable `code`. Static errors carry the position and
 * print as one line `file:line:col: message` followed by a caret excerpt of the source line, as miniwdl does.
 */
import { ToilError } from '@toil/core';

/** A place in a WDL source file (1-based line and column). */
export interface SourcePos {
  /** File name as the user gave it (or `<inline>`). */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly col: number;
}

/** The source texts by file, so errors can quote the offending line. */
const sources = new Map<string, string>();

/** Remembers a document's text so that later errors at its positions can show a caret excerpt. */
export function registerSource(file: string, text: string): void {
  sources.set(file, text);
}

/** `file:line:col: message` and, when the source is known, the line and a caret under the column. */
export function formatAt(pos: SourcePos | undefined, message: string): string {
  if (pos === undefined) return message;
  const head = `${pos.file}:${pos.line}:${pos.col}: ${message}`;
  const line = sources.get(pos.file)?.split('\n')[pos.line - 1];
  if (line === undefined) return head;
  return `${head}\n  ${line.replace(/\t/g, ' ')}\n  ${' '.repeat(Math.max(0, pos.col - 1))}^`;
}

/** Base of the errors that point at a place in a WDL document. */
export class WdlError extends ToilError {
  constructor(
    code: string,
    readonly pos: SourcePos | undefined,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(code, formatAt(pos, detail), options);
  }
}

/** The document does not parse. */
export class WdlSyntaxError extends WdlError {
  constructor(pos: SourcePos | undefined, detail: string) {
    super('WDL_SYNTAX', pos, detail);
  }
}

/** A type error or an unknown name found before anything runs. */
export class WdlTypeError extends WdlError {
  constructor(pos: SourcePos | undefined, detail: string) {
    super('WDL_TYPE', pos, detail);
  }
}

/** An expression failed while it was evaluated (index out of range, a bad coercion, a stdlib failure...). */
export class WdlEvalError extends WdlError {
  constructor(pos: SourcePos | undefined, detail: string, options?: { cause?: unknown }) {
    super('WDL_EVAL', pos, detail, options);
  }
}

/** The inputs given for a run are missing, unknown or of the wrong type. */
export class WdlInputError extends ToilError {
  constructor(detail: string) {
    super('WDL_INPUT', detail);
  }
}

/** A task's command exited with a return code its `returnCodes` does not allow. */
export class WdlCommandFailedError extends ToilError {
  constructor(
    readonly task: string,
    readonly exitCode: number,
    stderrTail: string,
  ) {
    super(
      'WDL_COMMAND_FAILED',
      `Task '${task}' failed: its command exited with return code ${exitCode}` +
        (stderrTail === '' ? '.' : `; the end of its stderr:\n${stderrTail}`),
    );
  }
}

/** A document could not be read (missing file, unreadable import). */
export class WdlImportError extends ToilError {
  constructor(
    readonly uri: string,
    reason: string,
  ) {
    super('WDL_IMPORT', `Cannot read WDL document '${uri}': ${reason}`);
  }
}
