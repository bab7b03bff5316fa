/**
 * WDL tokens. Strings and command sections are lexed in their own modes: literal text, `~{`/`${` opening a
 * placeholder (which pushes the expression mode back on, closed by its `}`), and the closing quote or `}`/`>>>`.
 * Braces in the expression mode push and pop the mode too, so the `}` that ends a placeholder returns to the text.
 */
import { createToken, Lexer, type TokenType, type IToken } from 'chevrotain';

/** Words that are identifiers unless spelled exactly like this. */
export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/ });

function keyword(word: string): TokenType {
  return createToken({ name: `Kw_${word}`, pattern: new RegExp(word), longer_alt: Identifier });
}

/** Keywords by their spelling. */
export const Kw = Object.fromEntries(
  [
    'import',
    'as',
    'alias',
    'workflow',
    'task',
    'struct',
    'input',
    'output',
    'call',
    'scatter',
    'in',
    'if',
    'then',
    'else',
    'runtime',
    'meta',
    'parameter_meta',
    'requirements',
    'hints',
    'true',
    'false',
    'null',
    'None',
    'object',
    'after',
  ]
    // Longest first, so that `alias` is not lexed as `as` followed by the rest.
    .sort((a, b) => b.length - a.length)
    .map((w) => [w, keyword(w)]),
) as Record<string, TokenType>;

/** `version 1.0` as one token, so the version number is not lexed as a Float. */
export const Version = createToken({ name: 'Version', pattern: /version[ \t]+(?:draft-\d+|\d+\.\d+|development)/ });
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /\s+/, group: Lexer.SKIPPED });
export const Comment = createToken({ name: 'Comment', pattern: /#[^\n]*/, group: Lexer.SKIPPED });
export const FloatLit = createToken({
  name: 'FloatLit',
  pattern: /(?:\d+\.\d*|\.\d+)(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+/,
});
export const IntLit = createToken({ name: 'IntLit', pattern: /0[xX][0-9a-fA-F]+|\d+/ });

/** Opens a block or literal: pushes the expression mode so its `}` pops back to where we were. */
export const LBrace = createToken({ name: 'LBrace', pattern: /\{/, push_mode: 'expr' });
export const RBrace = createToken({ name: 'RBrace', pattern: /\}/, pop_mode: true });
export const LParen = createToken({ name: 'LParen', pattern: /\(/ });
export const RParen = createToken({ name: 'RParen', pattern: /\)/ });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/ });
export const RBracket = createToken({ name: 'RBracket', pattern: /\]/ });
export const OrOr = createToken({ name: 'OrOr', pattern: /\|\|/ });
export const AndAnd = createToken({ name: 'AndAnd', pattern: /&&/ });
export const EqEq = createToken({ name: 'EqEq', pattern: /==/ });
export const NotEq = createToken({ name: 'NotEq', pattern: /!=/ });
export const LessEq = createToken({ name: 'LessEq', pattern: /<=/ });
export const GreaterEq = createToken({ name: 'GreaterEq', pattern: />=/ });
export const Less = createToken({ name: 'Less', pattern: /</ });
export const Greater = createToken({ name: 'Greater', pattern: />/ });
export const Assign = createToken({ name: 'Assign', pattern: /=/ });
export const Plus = createToken({ name: 'Plus', pattern: /\+/ });
export const Minus = createToken({ name: 'Minus', pattern: /-/ });
export const Star = createToken({ name: 'Star', pattern: /\*/ });
export const Slash = createToken({ name: 'Slash', pattern: /\// });
export const Percent = createToken({ name: 'Percent', pattern: /%/ });
export const Bang = createToken({ name: 'Bang', pattern: /!/ });
export const Question = createToken({ name: 'Question', pattern: /\?/ });
export const Dot = createToken({ name: 'Dot', pattern: /\./ });
export const Comma = createToken({ name: 'Comma', pattern: /,/ });
export const Colon = createToken({ name: 'Colon', pattern: /:/ });

/** `"` and `'` open a string mode; the same character closes it. */
export const DqOpen = createToken({ name: 'DqOpen', pattern: /"/, push_mode: 'dq' });
export const SqOpen = createToken({ name: 'SqOpen', pattern: /'/, push_mode: 'sq' });
export const DqClose = createToken({ name: 'DqClose', pattern: /"/, pop_mode: true });
export const SqClose = createToken({ name: 'SqClose', pattern: /'/, pop_mode: true });
/** Text inside a string; escapes are decoded by the parser. */
export const DqText = createToken({ name: 'DqText', pattern: /(?:[^"\\$~\n]|\\.|\$(?!\{)|~(?!\{))+/ });
export const SqText = createToken({ name: 'SqText', pattern: /(?:[^'\\$~\n]|\\.|\$(?!\{)|~(?!\{))+/ });
/** `~{` or `${` inside a string or a `{}` command. */
export const PlaceholderOpen = createToken({ name: 'PlaceholderOpen', pattern: /[~$]\{/, push_mode: 'expr' });
/** `~{` inside a `<<< >>>` command (there `${` is shell text). */
export const TildeOpen = createToken({ name: 'TildeOpen', pattern: /~\{/, push_mode: 'expr' });

/** `command {` / `command <<<` switch to the command modes. */
export const CommandBrace = createToken({ name: 'CommandBrace', pattern: /command\s*\{/, push_mode: 'cmdBrace' });
export const CommandHeredoc = createToken({
  name: 'CommandHeredoc',
  pattern: /command\s*<<</,
  push_mode: 'cmdHeredoc',
});
/** Text of a `{}` command; nested braces are text too (see `relabelCommandBraces`). */
export const CmdText = createToken({ name: 'CmdText', pattern: /(?:[^$~{}]|\$(?!\{)|~(?!\{))+/ });
export const CmdLBrace = createToken({ name: 'CmdLBrace', pattern: /\{/, push_mode: 'cmdBrace' });
export const CmdRBrace = createToken({ name: 'CmdRBrace', pattern: /\}/, pop_mode: true });
export const HeredocText = createToken({ name: 'HeredocText', pattern: /(?:[^~>]|~(?!\{)|>(?!>>))+/ });
export const HeredocClose = createToken({ name: 'HeredocClose', pattern: />>>/, pop_mode: true });

const exprTokens = [
  WhiteSpace,
  Comment,
  Version,
  CommandBrace,
  CommandHeredoc,
  ...Object.values(Kw),
  Identifier,
  FloatLit,
  IntLit,
  LBrace,
  RBrace,
  LParen,
  RParen,
  LBracket,
  RBracket,
  OrOr,
  AndAnd,
  EqEq,
  NotEq,
  LessEq,
  GreaterEq,
  Less,
  Greater,
  Assign,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  Bang,
  Question,
  Dot,
  Comma,
  Colon,
  DqOpen,
  SqOpen,
];

/** Every token the parser can see. */
export const allTokens: TokenType[] = [
  ...exprTokens,
  DqClose,
  SqClose,
  DqText,
  SqText,
  PlaceholderOpen,
  TildeOpen,
  CmdText,
  CmdLBrace,
  CmdRBrace,
  HeredocText,
  HeredocClose,
];

let lexer: Lexer | undefined;

/**
 * The lexer, with one mode per context, built at the first call: a run whose documents come from the parse cache
 * (`runtime/doc-cache.ts`) never builds it. Its self-checks run only under the tests, as the parser's do.
 */
export function wdlLexer(): Lexer {
  return (lexer ??= new Lexer(
    {
      modes: {
        expr: exprTokens,
        dq: [DqText, PlaceholderOpen, DqClose],
        sq: [SqText, PlaceholderOpen, SqClose],
        cmdBrace: [CmdText, PlaceholderOpen, CmdLBrace, CmdRBrace],
        cmdHeredoc: [HeredocText, TildeOpen, HeredocClose],
      },
      defaultMode: 'expr',
    },
    { positionTracking: 'full', ensureOptimizations: false, skipValidations: process.env.VITEST === undefined },
  ));
}

/**
 * Braces nested inside a `{}` command are shell text: the lexer tracks their depth with its mode stack, and this
 * pass turns every brace but the one that closes the command into text.
 */
export function relabelCommandBraces(tokens: IToken[]): void {
  let depth = 0;
  for (const token of tokens) {
    if (token.tokenType === CommandBrace) depth = 1;
    else if (depth > 0 && token.tokenType === CmdLBrace) {
      depth++;
      retype(token, CmdText);
    } else if (depth > 0 && token.tokenType === CmdRBrace) {
      depth--;
      if (depth > 0) retype(token, CmdText);
    }
  }
}

function retype(token: IToken, type: TokenType): void {
  token.tokenType = type;
  token.tokenTypeIdx = type.tokenTypeIdx!;
}
