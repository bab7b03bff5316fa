/**
 * The expression half of the WDL grammar, as a chevrotain parser with embedded actions that build the tree of
 * ast.ts directly (no concrete syntax tree: the tree is what every later stage uses). The document rules extend
 * this class in doc-parser.ts.
 */
import { EmbeddedActionsParser, type IToken, type TokenType } from 'chevrotain';
import type { SourcePos } from '../errors.js';
import type { Expr, Placeholder, StringPart, TypeNode } from './ast.js';
import * as T from './lexer.js';
import { pushText, unescapeString } from './unescape.js';

/** Binary operator levels, lowest first. */
const LEVELS: TokenType[][] = [
  [T.OrOr],
  [T.AndAnd],
  [T.EqEq, T.NotEq],
  [T.Less, T.LessEq, T.Greater, T.GreaterEq],
  [T.Plus, T.Minus],
  [T.Star, T.Slash, T.Percent],
];

/** Expression rules; `file` names positions. */
export class ExprParser extends EmbeddedActionsParser {
  /** File name written into every position. */
  file = '<inline>';

  constructor() {
    // The grammar's self-checks (ambiguities, left recursion) cost a third of building the parser, on every run;
    // they only find mistakes in this grammar, so they run under the tests (vitest sets VITEST) and nowhere else.
    super(T.allTokens, { maxLookahead: 3, skipValidations: process.env.VITEST === undefined });
  }

  /** Position of a token. */
  protected at(token: IToken): SourcePos {
    return { file: this.file, line: token.startLine ?? 0, col: token.startColumn ?? 0 };
  }

  /** Any expression. */
  expression: () => Expr = this.RULE('expression', (): Expr => {
    return this.OR([{ ALT: () => this.SUBRULE(this.ifThenElse) }, { ALT: () => this.SUBRULE(this.binary0) }]);
  });

  private ifThenElse = this.RULE('ifThenElse', (): Expr => {
    const tok = this.CONSUME(T.Kw.if);
    const cond = this.SUBRULE1(this.expression);
    this.CONSUME(T.Kw.then);
    const then = this.SUBRULE2(this.expression);
    this.CONSUME(T.Kw.else);
    const other = this.SUBRULE3(this.expression);
    return { kind: 'ifThenElse', cond, then, else: other, pos: this.at(tok) };
  });

  /** One rule per precedence level; chevrotain needs distinct rule names, so they are built in a loop. */
  private binaryRule(level: number, next: () => Expr): () => Expr {
    return this.RULE(`binary${level}`, (): Expr => {
      let left = this.SUBRULE1(next);
      this.MANY(() => {
        const op = this.OR(LEVELS[level].map((t) => ({ ALT: () => this.CONSUME(t) })));
        const right = this.SUBRULE2(next);
        left = this.ACTION(() => ({ kind: 'binary', op: op.image, left, right, pos: left.pos }) as Expr);
      });
      return left;
    });
  }

  private unary: () => Expr = this.RULE('unary', (): Expr => {
    return this.OR([
      {
        ALT: () => {
          const op = this.OR1([
            { ALT: () => this.CONSUME(T.Bang) },
            { ALT: () => this.CONSUME(T.Minus) },
            { ALT: () => this.CONSUME(T.Plus) },
          ]);
          const operand = this.SUBRULE(this.unary);
          return { kind: 'unary', op: op.image as '!' | '-' | '+', operand, pos: this.at(op) } as Expr;
        },
      },
      { ALT: () => this.SUBRULE(this.postfix) },
    ]);
  });

  private binary5 = this.binaryRule(5, this.unary);
  private binary4 = this.binaryRule(4, this.binary5);
  private binary3 = this.binaryRule(3, this.binary4);
  private binary2 = this.binaryRule(2, this.binary3);
  private binary1 = this.binaryRule(1, this.binary2);
  private binary0 = this.binaryRule(0, this.binary1);

  private postfix = this.RULE('postfix', (): Expr => {
    let target = this.SUBRULE(this.primary);
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.LBracket);
            const index = this.SUBRULE(this.expression);
            this.CONSUME(T.RBracket);
            target = this.ACTION(() => ({ kind: 'index', target, index, pos: target.pos }) as Expr);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Dot);
            const name = this.CONSUME(T.Identifier);
            target = this.ACTION(() => ({ kind: 'member', target, name: name.image, pos: this.at(name) }) as Expr);
          },
        },
      ]);
    });
    return target;
  });

  private primary = this.RULE('primary', (): Expr => {
    return this.OR([
      { ALT: () => this.literalToken(this.CONSUME(T.IntLit)) },
      { ALT: () => this.literalToken(this.CONSUME(T.FloatLit)) },
      { ALT: () => this.literalToken(this.CONSUME(T.Kw.true)) },
      { ALT: () => this.literalToken(this.CONSUME(T.Kw.false)) },
      { ALT: () => this.literalToken(this.CONSUME(T.Kw.null)) },
      { ALT: () => this.literalToken(this.CONSUME(T.Kw.None)) },
      { ALT: () => this.SUBRULE(this.stringLit) },
      { ALT: () => this.SUBRULE(this.parenOrPair) },
      { ALT: () => this.SUBRULE(this.arrayLit) },
      { ALT: () => this.SUBRULE(this.mapLit) },
      { ALT: () => this.SUBRULE(this.objectLit) },
      { GATE: () => this.LA(2).tokenType === T.LParen, ALT: () => this.SUBRULE(this.apply) },
      { GATE: () => this.LA(2).tokenType === T.LBrace, ALT: () => this.SUBRULE(this.structLit) },
      {
        ALT: () => {
          const tok = this.CONSUME(T.Identifier);
          return { kind: 'ident', name: tok.image, pos: this.at(tok) } as Expr;
        },
      },
    ]);
  });

  private literalToken(tok: IToken): Expr {
    const pos = this.at(tok);
    switch (tok.tokenType) {
      case T.IntLit:
        return { kind: 'int', value: Number(tok.image), pos };
      case T.FloatLit:
        return { kind: 'float', value: Number(tok.image), pos };
      case T.Kw.true:
        return { kind: 'bool', value: true, pos };
      case T.Kw.false:
        return { kind: 'bool', value: false, pos };
      default:
        return { kind: 'null', pos };
    }
  }

  /** A quoted string with its placeholders. */
  stringLit = this.RULE('stringLit', (): Expr => {
    const parts: StringPart[] = [];
    const open = this.OR([{ ALT: () => this.CONSUME(T.DqOpen) }, { ALT: () => this.CONSUME(T.SqOpen) }]);
    this.MANY(() => {
      this.OR1([
        {
          ALT: () => {
            const text = this.CONSUME(T.DqText);
            this.ACTION(() => pushText(parts, unescapeString(text.image)));
          },
        },
        {
          ALT: () => {
            const text = this.CONSUME(T.SqText);
            this.ACTION(() => pushText(parts, unescapeString(text.image)));
          },
        },
        { ALT: () => parts.push(this.SUBRULE(this.placeholder, { ARGS: [this.CONSUME(T.PlaceholderOpen)] })) },
      ]);
    });
    this.OR2([{ ALT: () => this.CONSUME(T.DqClose) }, { ALT: () => this.CONSUME(T.SqClose) }]);
    return { kind: 'string', parts, pos: this.at(open) };
  });

  /** What follows `~{`: options, the expression and `}`. */
  placeholder = this.RULE('placeholder', (open: IToken): Placeholder => {
    const options: Record<string, Expr> = {};
    this.MANY({
      GATE: () => this.LA(2).tokenType === T.Assign,
      DEF: () => {
        const name = this.OR([
          { ALT: () => this.CONSUME(T.Identifier) },
          { ALT: () => this.CONSUME(T.Kw.true) },
          { ALT: () => this.CONSUME(T.Kw.false) },
        ]);
        this.CONSUME(T.Assign);
        const value = this.SUBRULE(this.primary);
        this.ACTION(() => (options[name.image] = value));
      },
    });
    const expr = this.SUBRULE(this.expression);
    this.CONSUME(T.RBrace);
    return { kind: 'placeholder', options, expr, pos: this.ACTION(() => this.at(open)) };
  });

  private parenOrPair = this.RULE('parenOrPair', (): Expr => {
    const open = this.CONSUME(T.LParen);
    const first = this.SUBRULE1(this.expression);
    const second = this.OPTION(() => {
      this.CONSUME(T.Comma);
      return this.SUBRULE2(this.expression);
    });
    this.CONSUME(T.RParen);
    return second === undefined ? first : { kind: 'pairLit', left: first, right: second, pos: this.at(open) };
  });

  private arrayLit = this.RULE('arrayLit', (): Expr => {
    const open = this.CONSUME(T.LBracket);
    const items: Expr[] = [];
    this.MANY_SEP({ SEP: T.Comma, DEF: () => items.push(this.SUBRULE(this.expression)) });
    this.OPTION(() => this.CONSUME(T.Comma));
    this.CONSUME(T.RBracket);
    return { kind: 'array', items, pos: this.at(open) };
  });

  private mapLit = this.RULE('mapLit', (): Expr => {
    const open = this.CONSUME(T.LBrace);
    const entries: Array<[Expr, Expr]> = [];
    this.MANY_SEP({
      SEP: T.Comma,
      DEF: () => {
        const key = this.SUBRULE1(this.expression);
        this.CONSUME(T.Colon);
        entries.push([key, this.SUBRULE2(this.expression)]);
      },
    });
    this.OPTION(() => this.CONSUME(T.Comma));
    this.CONSUME(T.RBrace);
    return { kind: 'mapLit', entries, pos: this.at(open) };
  });

  private objectBody = this.RULE('objectBody', (): Array<[string, Expr]> => {
    const entries: Array<[string, Expr]> = [];
    this.CONSUME(T.LBrace);
    this.MANY_SEP({
      SEP: T.Comma,
      DEF: () => {
        const key = this.OR([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.SUBRULE(this.stringLit) }]);
        this.CONSUME(T.Colon);
        const value = this.SUBRULE(this.expression);
        this.ACTION(() => entries.push([keyName(key), value]));
      },
    });
    this.OPTION(() => this.CONSUME(T.Comma));
    this.CONSUME(T.RBrace);
    return entries;
  });

  private objectLit = this.RULE('objectLit', (): Expr => {
    const open = this.CONSUME(T.Kw.object);
    const entries = this.SUBRULE(this.objectBody);
    return { kind: 'objectLit', entries, pos: this.at(open) };
  });

  private structLit = this.RULE('structLit', (): Expr => {
    const name = this.CONSUME(T.Identifier);
    const entries = this.SUBRULE(this.objectBody);
    return { kind: 'objectLit', entries, structName: name.image, pos: this.at(name) };
  });

  private apply = this.RULE('apply', (): Expr => {
    const name = this.CONSUME(T.Identifier);
    this.CONSUME(T.LParen);
    const args: Expr[] = [];
    this.MANY_SEP({ SEP: T.Comma, DEF: () => args.push(this.SUBRULE(this.expression)) });
    this.CONSUME(T.RParen);
    return { kind: 'apply', fn: name.image, args, pos: this.at(name) };
  });

  /** A type: `Int`, `Array[File]+?`, `Map[String, Int]`, `Pair[A, B]`, a struct name. */
  typeRule = this.RULE('typeRule', (): TypeNode => {
    const name = this.CONSUME(T.Identifier);
    const params: TypeNode[] = [];
    this.OPTION(() => {
      this.CONSUME(T.LBracket);
      params.push(this.SUBRULE1(this.typeRule));
      this.OPTION1(() => {
        this.CONSUME(T.Comma);
        params.push(this.SUBRULE2(this.typeRule));
      });
      this.CONSUME(T.RBracket);
    });
    const nonEmpty = this.OPTION2(() => this.CONSUME(T.Plus)) !== undefined;
    const optional = this.OPTION3(() => this.CONSUME(T.Question)) !== undefined;
    return this.ACTION(() => makeType(name.image, params, nonEmpty, optional));
  });
}

function keyName(key: IToken | Expr): string {
  if ('image' in key) return key.image;
  const parts = (key as Extract<Expr, { kind: 'string' }>).parts;
  return parts.map((p) => (typeof p === 'string' ? p : '')).join('');
}

function makeType(name: string, params: TypeNode[], nonEmpty: boolean, optional: boolean): TypeNode {
  switch (name) {
    case 'Array':
      return {
        kind: 'array',
        item: params[0] ?? { kind: 'prim', name: 'String', optional: false },
        nonEmpty,
        optional,
      };
    case 'Map':
      return { kind: 'map', key: params[0], value: params[1], optional };
    case 'Pair':
      return { kind: 'pair', left: params[0], right: params[1], optional };
    case 'Int':
    case 'Float':
    case 'Boolean':
    case 'String':
    case 'File':
    case 'Directory':
    case 'Object':
      return { kind: 'prim', name, optional };
    default:
      return { kind: 'named', name, optional };
  }
}
