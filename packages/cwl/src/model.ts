/**
 * The normalised CWL v1.2 model that the runner works on: every map form turned into a list, every id shortened
 * to its own name, every type string (`File[]?`) expanded, v1.0/v1.1 documents brought to this shape.
 */

/** A CWL type: a name (`string`, `File`, `Any`, ...), an array, record or enum schema, or a union (a list). */
export type CwlType = string | ArraySchema | RecordSchema | EnumSchema | CwlType[];

/** `{type: array, items}`. */
export interface ArraySchema {
  /** Always 'array'. */
  type: 'array';
  /** The element type. */
  items: CwlType;
  /** A binding applied to each element. */
  inputBinding?: Binding;
}

/** `{type: record, fields}`. */
export interface RecordSchema {
  /** Always 'record'. */
  type: 'record';
  /** The record's name, when it has one. */
  name?: string;
  /** The fields, in document order. */
  fields: RecordField[];
}

/** A field of a record schema. */
export interface RecordField {
  /** The field's short name. */
  name: string;
  /** Its type. */
  type: CwlType;
  /** How it goes on the command line. */
  inputBinding?: Binding;
  /** Secondary files of a File field. */
  secondaryFiles?: SecondaryFileSchema[];
  /** Expected format of a File field. */
  format?: unknown;
  /** Read the first 64 KiB of a File field into `contents`. */
  loadContents?: boolean;
  /** How an output field is collected. */
  outputBinding?: OutputBinding;
}

/** `{type: enum, symbols}`. */
export interface EnumSchema {
  /** Always 'enum'. */
  type: 'enum';
  /** The symbols, shortened to their own names. */
  symbols: string[];
  /** The enum's name, when it has one. */
  name?: string;
  /** A binding applied to the value. */
  inputBinding?: Binding;
}

/** CommandLineBinding. */
export interface Binding {
  /** Sort key: a number or an expression. */
  position?: number | string;
  /** Flag put before the value. */
  prefix?: string;
  /** Prefix and value as two arguments (default true). */
  separate?: boolean;
  /** Join array elements with this into one argument. */
  itemSeparator?: string;
  /** Expression or constant used instead of the input value. */
  valueFrom?: unknown;
  /** Quote the value for the shell (default true under ShellCommandRequirement). */
  shellQuote?: boolean;
  /** v1.0: read the File's contents (moved to the parameter in v1.1). */
  loadContents?: boolean;
}

/** CommandOutputBinding. */
export interface OutputBinding {
  /** Glob pattern(s) or expression relative to the output directory. */
  glob?: unknown;
  /** Read the first 64 KiB of each matched file into `contents`. */
  loadContents?: boolean;
  /** Expression computing the output from the matched files (`self`). */
  outputEval?: string;
}

/** A secondaryFiles entry: a suffix pattern (`.bai`, `^.bai`) or an expression, required or not. */
export interface SecondaryFileSchema {
  /** The pattern or expression. */
  pattern: string;
  /** Whether the file must exist: a boolean or an expression; undefined means the default for the context. */
  required?: boolean | string;
}

/** An input or output parameter of a process. */
export interface Parameter {
  /** The parameter's short name. */
  id: string;
  /** Its type (undefined only for workflow step inputs). */
  type: CwlType;
  /** Default value. */
  default?: unknown;
  /** Input binding of a CommandLineTool input. */
  inputBinding?: Binding;
  /** Output binding of a CommandLineTool output. */
  outputBinding?: OutputBinding;
  /** Secondary files. */
  secondaryFiles?: SecondaryFileSchema[];
  /** Format (a string, list or expression). */
  format?: unknown;
  /** Read the File's first 64 KiB into `contents`. */
  loadContents?: boolean;
  /** Listing depth of a Directory input. */
  loadListing?: string;
  /** Workflow outputs: the sources, as `name` or `step/out`. */
  outputSource?: string[];
  /** Workflow outputs: how several sources merge. */
  linkMerge?: string;
  /** Workflow outputs: how null values are picked. */
  pickValue?: string;
  /** Streamable (read, never acted on). */
  streamable?: boolean;
  /** Its `label` and `doc`, one line, for `toil-cwl-runner doc.cwl --help` (undefined when it has neither). */
  doc?: string;
}

/** A requirement or hint: its class and fields. */
export type Requirement = { class: string } & Record<string, unknown>;

/** The input of a workflow step. */
export interface StepInput {
  /** The name in the step's process. */
  id: string;
  /** Sources as `name` or `step/out`. */
  source: string[];
  /** How several sources merge. */
  linkMerge?: string;
  /** How null values are picked. */
  pickValue?: string;
  /** Used when the sources give null. */
  default?: unknown;
  /** Expression computing the value (`self` = the source value). */
  valueFrom?: string;
  /** Read the File's contents. */
  loadContents?: boolean;
}

/** A workflow step. */
export interface Step {
  /** The step's short name. */
  id: string;
  /** Its inputs. */
  in: StepInput[];
  /** The names of the outputs it exposes. */
  out: string[];
  /** The process it runs. */
  run: Process;
  /** Requirements of the step itself. */
  requirements: Requirement[];
  /** Hints of the step itself. */
  hints: Requirement[];
  /** Inputs scattered over. */
  scatter: string[];
  /** dotproduct, nested_crossproduct or flat_crossproduct. */
  scatterMethod?: string;
  /** Conditional expression. */
  when?: string;
}

/** A loaded process: CommandLineTool, ExpressionTool, Workflow or Operation. */
export interface Process {
  /** The class. */
  class: 'CommandLineTool' | 'ExpressionTool' | 'Workflow' | 'Operation';
  /** The document's cwlVersion (after upgrade the model is v1.2, but a few defaults depend on it). */
  cwlVersion: string;
  /** The id, or the file name when it has none. */
  id: string;
  /** The file it was loaded from (relative paths in it resolve against its folder). */
  file: string;
  /** Inputs. */
  inputs: Parameter[];
  /** Outputs. */
  outputs: Parameter[];
  /** Requirements. */
  requirements: Requirement[];
  /** Hints. */
  hints: Requirement[];
  /** Prefix-expanded namespaces, for `edam:format_1234` style formats. */
  namespaces: Record<string, string>;
  /** The ontologies the document names in `$schemas` (absolute paths or URLs), for format checking. */
  schemas?: string[];
  /** CommandLineTool fields. */
  baseCommand?: string[];
  /** CommandLineTool arguments (strings or bindings). */
  arguments?: unknown[];
  /** stdin/stdout/stderr file names or expressions. */
  stdin?: string;
  /** See stdin. */
  stdout?: string;
  /** See stdin. */
  stderr?: string;
  /** Exit codes. */
  successCodes?: number[];
  /** Exit codes meaning "try again". */
  temporaryFailCodes?: number[];
  /** Exit codes meaning failure. */
  permanentFailCodes?: number[];
  /** ExpressionTool body. */
  expression?: string;
  /** Workflow steps. */
  steps?: Step[];
}
