/**
 * The document half of the WDL grammar: version, imports, structs, tasks (sections, command in both forms) and
 * workflows (calls, scatters, conditionals), on top of the expression rules.
 */
import type { IToken } from 'chevrotain';
import type {
  Call,
  Conditional,
  Decl,
  Document,
  Import,
  MetaValue,
  Scatter,
  StringPart,
  Struct,
  Task,
  Workflow,
  WorkflowElement,
  Expr,
} from './ast.js';
import { ExprParser } from './expr-parser.js';
import * as T from './lexer.js';
import { pushText } from './unescape.js';

/** Sections of a task or workflow body before they are sorted into the node. */
type Section =
  | { kind: 'input' | 'output'; decls: Decl[] }
  | { kind: 'meta' | 'parameter_meta'; values: Record<string, MetaValue> }
  | { kind: 'runtime'; values: Record<string, Expr> }
  | { kind: 'command'; parts: StringPart[]; heredoc: boolean; tok: IToken };

/** The whole grammar; `document` is the start rule. */
export class DocParser extends ExprParser {
  /** True while a document without a version line (draft-2) is parsed. */
  private draft2 = true;

  constructor() {
    super();
    this.performSelfAnalysis();
  }

  /** A whole file. */
  document = this.RULE('document', (): Omit<Document, 'file'> => {
    const version = this.OPTION(() => this.CONSUME(T.Version));
    this.ACTION(() => (this.draft2 = version === undefined));
    const imports: Import[] = [];
    const structs: Struct[] = [];
    const tasks: Task[] = [];
    let workflow: Workflow | undefined;
    this.MANY(() => {
      this.OR([
        { ALT: () => imports.push(this.SUBRULE(this.importRule)) },
        { ALT: () => structs.push(this.SUBRULE(this.struct)) },
        { ALT: () => tasks.push(this.SUBRULE(this.task)) },
        { ALT: () => (workflow = this.SUBRULE(this.workflow)) },
      ]);
    });
    const v = this.ACTION(() => (version === undefined ? 'draft-2' : version.image.split(/\s+/)[1]));
    return { version: v, imports, structs, tasks, workflow };
  });

  private importRule = this.RULE('importRule', (): Import => {
    const tok = this.CONSUME(T.Kw.import);
    const uri = this.SUBRULE(this.stringLit);
    const namespace = this.OPTION(() => {
      this.CONSUME(T.Kw.as);
      return this.CONSUME(T.Identifier).image;
    });
    const aliases: Array<[string, string]> = [];
    this.MANY(() => {
      this.CONSUME(T.Kw.alias);
      const from = this.CONSUME1(T.Identifier).image;
      this.CONSUME1(T.Kw.as);
      aliases.push([from, this.CONSUME2(T.Identifier).image]);
    });
    return this.ACTION(() => ({ kind: 'import', uri: literalText(uri), namespace, aliases, pos: this.at(tok) }));
  });

  private struct = this.RULE('struct', (): Struct => {
    const tok = this.CONSUME(T.Kw.struct);
    const name = this.CONSUME(T.Identifier);
    this.CONSUME(T.LBrace);
    const members: Decl[] = [];
    this.MANY(() => members.push(this.SUBRULE(this.decl)));
    this.CONSUME(T.RBrace);
    return { kind: 'struct', name: name.image, members, pos: this.at(tok) };
  });

  /** `Type name [= expr]`. */
  decl = this.RULE('decl', (): Decl => {
    const type = this.SUBRULE(this.typeRule);
    const name = this.CONSUME(T.Identifier);
    const expr = this.OPTION(() => {
      this.CONSUME(T.Assign);
      return this.SUBRULE(this.expression);
    });
    return { kind: 'decl', type, name: name.image, expr, pos: this.at(name) };
  });

  private declBlock = this.RULE('declBlock', (): Decl[] => {
    const decls: Decl[] = [];
    this.CONSUME(T.LBrace);
    this.MANY(() => decls.push(this.SUBRULE(this.decl)));
    this.CONSUME(T.RBrace);
    return decls;
  });

  private section = this.RULE('section', (): Section => {
    return this.OR([
      { ALT: () => (this.CONSUME(T.Kw.input), { kind: 'input', decls: this.SUBRULE1(this.declBlock) }) },
      { ALT: () => (this.CONSUME(T.Kw.output), { kind: 'output', decls: this.SUBRULE2(this.declBlock) }) },
      { ALT: () => (this.CONSUME(T.Kw.meta), { kind: 'meta', values: this.SUBRULE1(this.metaObject) }) },
      {
        ALT: () => (
          this.CONSUME(T.Kw.parameter_meta),
          { kind: 'parameter_meta', values: this.SUBRULE2(this.metaObject) }
        ),
      },
      { ALT: () => (this.CONSUME(T.Kw.runtime), { kind: 'runtime', values: this.SUBRULE1(this.runtimeBlock) }) },
      { ALT: () => (this.CONSUME(T.Kw.requirements), { kind: 'runtime', values: this.SUBRULE2(this.runtimeBlock) }) },
      { ALT: () => (this.CONSUME(T.Kw.hints), { kind: 'meta', values: this.SUBRULE3(this.metaObject) }) },
      { ALT: () => this.SUBRULE(this.command) },
    ]);
  });

  private command = this.RULE('command', (): Section => {
    const parts: StringPart[] = [];
    return this.OR([
      {
        ALT: () => {
          const tok = this.CONSUME(T.CommandBrace);
          this.MANY(() => {
            this.OR1([
              { ALT: () => pushText(parts, this.CONSUME(T.CmdText).image) },
              { ALT: () => parts.push(this.SUBRULE1(this.placeholder, { ARGS: [this.CONSUME(T.PlaceholderOpen)] })) },
            ]);
          });
          this.CONSUME(T.CmdRBrace);
          return { kind: 'command', parts, heredoc: false, tok } as Section;
        },
      },
      {
        ALT: () => {
          const tok = this.CONSUME(T.CommandHeredoc);
          this.MANY1(() => {
            this.OR2([
              { ALT: () => pushText(parts, this.CONSUME(T.HeredocText).image) },
              { ALT: () => parts.push(this.SUBRULE2(this.placeholder, { ARGS: [this.CONSUME(T.TildeOpen)] })) },
            ]);
          });
          this.CONSUME(T.HeredocClose);
          return { kind: 'command', parts, heredoc: true, tok } as Section;
        },
      },
    ]);
  });

  private runtimeBlock = this.RULE('runtimeBlock', (): Record<string, Expr> => {
    const values: Record<string, Expr> = {};
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      const key = this.CONSUME(T.Identifier);
      this.CONSUME(T.Colon);
      const value = this.SUBRULE(this.expression);
      this.OPTION(() => this.CONSUME(T.Comma));
      this.ACTION(() => (values[key.image] = value));
    });
    this.CONSUME(T.RBrace);
    return values;
  });

  private metaObject = this.RULE('metaObject', (): Record<string, MetaValue> => {
    const values: Record<string, MetaValue> = {};
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      const key = this.CONSUME(T.Identifier);
      this.CONSUME(T.Colon);
      const value = this.SUBRULE(this.metaValue);
      this.OPTION(() => this.CONSUME(T.Comma));
      this.ACTION(() => (values[key.image] = value));
    });
    this.CONSUME(T.RBrace);
    return values;
  });

  private metaValue = this.RULE('metaValue', (): MetaValue => {
    return this.OR([
      { ALT: () => this.SUBRULE(this.metaObject) },
      {
        ALT: () => {
          const items: MetaValue[] = [];
          this.CONSUME(T.LBracket);
          this.MANY_SEP({ SEP: T.Comma, DEF: () => items.push(this.SUBRULE(this.metaValue)) });
          this.CONSUME(T.RBracket);
          return items;
        },
      },
      { ALT: () => literalText(this.SUBRULE(this.stringLit)) },
      { ALT: () => Number(this.CONSUME(T.IntLit).image) },
      { ALT: () => Number(this.CONSUME(T.FloatLit).image) },
      {
        ALT: () => {
          this.CONSUME(T.Minus);
          const n = this.OR1([{ ALT: () => this.CONSUME1(T.IntLit) }, { ALT: () => this.CONSUME1(T.FloatLit) }]);
          return -Number(n.image);
        },
      },
      { ALT: () => (this.CONSUME(T.Kw.true), true) },
      { ALT: () => (this.CONSUME(T.Kw.false), false) },
      { ALT: () => (this.CONSUME(T.Kw.null), null) },
      { ALT: () => this.CONSUME(T.Identifier).image },
    ]);
  });

  private task = this.RULE('task', (): Task => {
    const tok = this.CONSUME(T.Kw.task);
    const name = this.CONSUME(T.Identifier);
    const sections: Section[] = [];
    const decls: Decl[] = [];
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      this.OR([
        { ALT: () => sections.push(this.SUBRULE(this.section)) },
        { ALT: () => decls.push(this.SUBRULE(this.decl)) },
      ]);
    });
    this.CONSUME(T.RBrace);
    return this.ACTION(() => buildTask(name.image, this.at(tok), sections, decls, this.draft2, this.at.bind(this)));
  });

  private workflow = this.RULE('workflow', (): Workflow => {
    const tok = this.CONSUME(T.Kw.workflow);
    const name = this.CONSUME(T.Identifier);
    const sections: Section[] = [];
    const body: WorkflowElement[] = [];
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      this.OR([
        { ALT: () => sections.push(this.SUBRULE(this.section)) },
        { ALT: () => body.push(this.SUBRULE(this.workflowElement)) },
      ]);
    });
    this.CONSUME(T.RBrace);
    return this.ACTION(() => {
      const find = (kind: Section['kind']) => sections.find((s) => s.kind === kind);
      const inputs = find('input');
      const outputs = find('output');
      const meta = find('meta');
      const pmeta = find('parameter_meta');
      return {
        kind: 'workflow',
        name: name.image,
        inputs: inputs?.kind === 'input' ? inputs.decls : null,
        body,
        outputs: outputs?.kind === 'output' ? outputs.decls : null,
        meta: meta?.kind === 'meta' ? meta.values : {},
        parameterMeta: pmeta?.kind === 'parameter_meta' ? pmeta.values : {},
        pos: this.at(tok),
      };
    });
  });

  private workflowElement = this.RULE('workflowElement', (): WorkflowElement => {
    return this.OR([
      { ALT: () => this.SUBRULE(this.call) },
      { ALT: () => this.SUBRULE(this.scatter) },
      { ALT: () => this.SUBRULE(this.conditional) },
      { ALT: () => this.SUBRULE(this.decl) },
    ]);
  });

  private block = this.RULE('block', (): WorkflowElement[] => {
    const body: WorkflowElement[] = [];
    this.CONSUME(T.LBrace);
    this.MANY(() => body.push(this.SUBRULE(this.workflowElement)));
    this.CONSUME(T.RBrace);
    return body;
  });

  private call = this.RULE('call', (): Call => {
    const tok = this.CONSUME(T.Kw.call);
    const parts = [this.CONSUME(T.Identifier).image];
    this.MANY(() => {
      this.CONSUME(T.Dot);
      parts.push(this.CONSUME1(T.Identifier).image);
    });
    const alias = this.OPTION(() => {
      this.CONSUME(T.Kw.as);
      return this.CONSUME2(T.Identifier).image;
    });
    const afters: string[] = [];
    this.MANY1(() => {
      this.CONSUME(T.Kw.after);
      afters.push(this.CONSUME3(T.Identifier).image);
    });
    const inputs: Record<string, Expr> = {};
    this.OPTION1(() => {
      this.CONSUME(T.LBrace);
      this.OPTION2(() => {
        this.CONSUME(T.Kw.input);
        this.CONSUME(T.Colon);
      });
      // `a = 1, b = 2` with an optional trailing comma (WDL 1.2 documents end lists with one).
      this.OPTION3(() => {
        const first = this.SUBRULE1(this.callInput);
        this.ACTION(() => (inputs[first[0]] = first[1]));
        this.MANY2(() => {
          this.CONSUME(T.Comma);
          const next = this.SUBRULE2(this.callInput);
          this.ACTION(() => (inputs[next[0]] = next[1]));
        });
        this.OPTION4(() => this.CONSUME1(T.Comma));
      });
      this.CONSUME(T.RBrace);
    });
    return { kind: 'call', target: parts.join('.'), alias, inputs, afters, pos: this.at(tok) };
  });

  /** One call input: `name = expr`, or `name` alone (the 1.2 shorthand binding the name in scope). */
  private callInput = this.RULE('callInput', (): [string, Expr] => {
    const key = this.CONSUME(T.Identifier);
    const value = this.OPTION(() => {
      this.CONSUME(T.Assign);
      return this.SUBRULE(this.expression);
    });
    return this.ACTION((): [string, Expr] => [
      key.image,
      value ?? { kind: 'ident', name: key.image, pos: this.at(key) },
    ]);
  });

  private scatter = this.RULE('scatter', (): Scatter => {
    const tok = this.CONSUME(T.Kw.scatter);
    this.CONSUME(T.LParen);
    const variable = this.CONSUME(T.Identifier).image;
    this.CONSUME(T.Kw.in);
    const expr = this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
    const body = this.SUBRULE(this.block);
    return { kind: 'scatter', variable, expr, body, pos: this.at(tok) };
  });

  private conditional = this.RULE('conditional', (): Conditional => {
    const tok = this.CONSUME(T.Kw.if);
    this.CONSUME(T.LParen);
    const expr = this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
    const body = this.SUBRULE(this.block);
    return { kind: 'conditional', expr, body, pos: this.at(tok) };
  });
}

/** The text of a string literal without placeholders (import URIs). */
function literalText(expr: Expr): string {
  return expr.kind === 'string' ? expr.parts.filter((p) => typeof p === 'string').join('') : '';
}

function buildTask(
  name: string,
  pos: Task['pos'],
  sections: Section[],
  decls: Decl[],
  draft2: boolean,
  at: (t: IToken) => Task['pos'],
): Task {
  const input = sections.find((s) => s.kind === 'input');
  const output = sections.find((s) => s.kind === 'output');
  const command = sections.find((s) => s.kind === 'command');
  const meta = sections.find((s) => s.kind === 'meta');
  const pmeta = sections.find((s) => s.kind === 'parameter_meta');
  const runtime = sections.filter((s) => s.kind === 'runtime');
  return {
    kind: 'task',
    name,
    // In draft-2 (no input section) every declaration outside the outputs is an input.
    inputs: input?.kind === 'input' ? input.decls : draft2 ? decls : [],
    decls: input?.kind === 'input' || !draft2 ? decls : [],
    command:
      command?.kind === 'command'
        ? { parts: command.parts, heredoc: command.heredoc, pos: at(command.tok) }
        : { parts: [], heredoc: false, pos },
    outputs: output?.kind === 'output' ? output.decls : [],
    runtime: Object.assign({}, ...runtime.map((r) => (r.kind === 'runtime' ? r.values : {}))) as Record<string, Expr>,
    meta: meta?.kind === 'meta' ? meta.values : {},
    parameterMeta: pmeta?.kind === 'parameter_meta' ? pmeta.values : {},
    pos,
  };
}
