/**
 * The first step of reading `toil-cwl-runner`'s command line: the document's inputs given after the document are
 * taken out (doc-args.ts), and the rest goes to the runner's parsers (options.ts, toil-options.ts) as before.
 * The document is loaded here only when an option follows it.
 */
import { loadProcess } from '../loader/load.js';
import type { Process } from '../model.js';
import { findDocument, NeedOptionTable, splitDocumentArgs, unknownAfterDocument, type SplitArgs } from './doc-args.js';
import { allOptionKinds, fastOptionKinds } from './option-kinds.js';

/** The split command line, with the document when it was loaded to read its inputs. */
export interface RunnerCommandLine extends SplitArgs {
  /** The loaded document (undefined when nothing followed it, so nothing needed it yet). */
  process: Process | undefined;
  /** The document as given (`wf.cwl#main`), once found. */
  docRef: string | undefined;
}

/** Splits `argv`; relative File and Directory inputs resolve against `cwd`. */
export async function splitCommandLine(argv: string[], cwd = process.cwd()): Promise<RunnerCommandLine> {
  const unchanged: RunnerCommandLine = {
    runnerArgv: argv,
    inputs: {},
    help: false,
    process: undefined,
    docRef: undefined,
  };
  let kinds = fastOptionKinds();
  let full = false;
  let doc: number;
  try {
    doc = findDocument(argv, kinds);
  } catch (error) {
    if (!(error instanceof NeedOptionTable)) throw error;
    kinds = await allOptionKinds();
    full = true;
    try {
      doc = findDocument(argv, kinds);
    } catch (again) {
      // An option before the document that nobody has: the runner's parsers refuse it, naming it.
      if (again instanceof NeedOptionTable) return unchanged;
      throw again;
    }
  }
  if (doc === -1 || !argv.slice(doc + 1).some((token) => token.startsWith('--'))) return unchanged;
  const docRef = argv[doc] as string;
  const process_ = loadProcess(docRef);
  try {
    return { ...splitDocumentArgs(argv, doc, process_.inputs, kinds, cwd), process: process_, docRef };
  } catch (error) {
    if (!(error instanceof NeedOptionTable) || full) {
      throw error instanceof NeedOptionTable ? unknownAfterDocument(error.message, docRef, process_.inputs) : error;
    }
  }
  if (!full) kinds = await allOptionKinds();
  try {
    return { ...splitDocumentArgs(argv, doc, process_.inputs, kinds, cwd), process: process_, docRef };
  } catch (error) {
    if (error instanceof NeedOptionTable) throw unknownAfterDocument(error.message, docRef, process_.inputs);
    throw error;
  }
}
