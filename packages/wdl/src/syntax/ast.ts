/**
 * The document tree the parser produces: plain objects with a `kind` tag and the source position of each node.
 */
import type { SourcePos } from '../errors.js';

/** A WDL type as written in the source. */
export type TypeNode =
  | { kind: 'prim'; name: 'Int' | 'Float' | 'Boolean' | 'String' | 'File' | 'Directory' | 'Object'; optional: boolean }
  | { kind: 'array'; item: TypeNode; nonEmpty: boolean; optional: boolean }
  | { kind: 'map'; key: TypeNode; value: TypeNode; optional: boolean }
  | { kind: 'pair'; left: TypeNode; right: TypeNode; optional: boolean }
  | { kind: 'named'; name: string; optional: boolean };

/** One part of an interpolated string or command: literal text or a placeholder. */
export type StringPart = string | Placeholder;

/** `~{...}` / `${...}` with its options (`sep`, `true`, `false`, `default`). */
export interface Placeholder {
  readonly kind: 'placeholder';
  readonly options: Record<string, Expr>;
  readonly expr: Expr;
  readonly pos: SourcePos;
}

/** An expression node. */
export type Expr = { readonly pos: SourcePos } & (
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'null' }
  | { kind: 'string'; parts: StringPart[] }
  | { kind: 'ident'; name: string }
  | { kind: 'array'; items: Expr[] }
  | { kind: 'pairLit'; left: Expr; right: Expr }
  | { kind: 'mapLit'; entries: Array<[Expr, Expr]> }
  | { kind: 'objectLit'; entries: Array<[string, Expr]>; structName?: string }
  | { kind: 'ifThenElse'; cond: Expr; then: Expr; else: Expr }
  | { kind: 'binary'; op: string; left: Expr; right: Expr }
  | { kind: 'unary'; op: '!' | '-' | '+'; operand: Expr }
  | { kind: 'apply'; fn: string; args: Expr[] }
  | { kind: 'index'; target: Expr; index: Expr }
  | { kind: 'member'; target: Expr; name: string }
);

/** `Type name [= expr]`. */
export interface Decl {
  readonly kind: 'decl';
  readonly type: TypeNode;
  readonly name: string;
  readonly expr?: Expr;
  readonly pos: SourcePos;
}

/** A `meta`/`parameter_meta` value (JSON-like). */
export type MetaValue = null | boolean | number | string | MetaValue[] | { [k: string]: MetaValue };

/** A task definition. */
export interface Task {
  readonly kind: 'task';
  readonly name: string;
  /** The `input {}` section, or in draft-2 the declarations outside the command and outputs. */
  readonly inputs: Decl[];
  /** Declarations after the inputs (1.0+: not overridable). */
  readonly decls: Decl[];
  readonly command: { parts: StringPart[]; heredoc: boolean; pos: SourcePos };
  readonly outputs: Decl[];
  readonly runtime: Record<string, Expr>;
  readonly meta: Record<string, MetaValue>;
  readonly parameterMeta: Record<string, MetaValue>;
  readonly pos: SourcePos;
}

/** `call name [as alias] { input: ... }`. */
export interface Call {
  readonly kind: 'call';
  /** Dotted name, e.g. `lib.task`. */
  readonly target: string;
  readonly alias?: string;
  readonly inputs: Record<string, Expr>;
  readonly afters: string[];
  readonly pos: SourcePos;
}

/** `scatter (x in expr) { ... }`. */
export interface Scatter {
  readonly kind: 'scatter';
  readonly variable: string;
  readonly expr: Expr;
  readonly body: WorkflowElement[];
  readonly pos: SourcePos;
}

/** `if (expr) { ... }`. */
export interface Conditional {
  readonly kind: 'conditional';
  readonly expr: Expr;
  readonly body: WorkflowElement[];
  readonly pos: SourcePos;
}

/** What a workflow body holds. */
export type WorkflowElement = Decl | Call | Scatter | Conditional;

/** A workflow definition. */
export interface Workflow {
  readonly kind: 'workflow';
  readonly name: string;
  /** The `input {}` section (null in draft-2, where any unbound declaration is an input). */
  readonly inputs: Decl[] | null;
  readonly body: WorkflowElement[];
  /** `output {}`; null when absent. Draft-2 wildcard outputs are not supported. */
  readonly outputs: Decl[] | null;
  readonly meta: Record<string, MetaValue>;
  readonly parameterMeta: Record<string, MetaValue>;
  readonly pos: SourcePos;
}

/** A struct definition. */
export interface Struct {
  readonly kind: 'struct';
  readonly name: string;
  readonly members: Decl[];
  readonly pos: SourcePos;
}

/** `import "uri" [as ns] [alias A as B]*`. */
export interface Import {
  readonly kind: 'import';
  readonly uri: string;
  readonly namespace?: string;
  readonly aliases: Array<[string, string]>;
  readonly pos: SourcePos;
}

/** A whole WDL file. */
export interface Document {
  readonly file: string;
  /** `draft-2` when there is no version line. */
  readonly version: string;
  readonly imports: Import[];
  readonly structs: Struct[];
  readonly tasks: Task[];
  readonly workflow?: Workflow;
}
