/**
 * Finds `$(...)` and `${...}` in a CWL string. Hand-written: the spec defines the scan (balanced brackets, quoted
 * strings skipped, `\$(` as a literal) and no library implements it.
 */

/** A piece of a scanned string: literal text or an expression. */
export type Segment = { kind: 'text'; text: string } | { kind: 'paren' | 'brace'; code: string };

/** Splits `text` into literal text and `$(...)`/`${...}` segments. */
export function scan(text: string): Segment[] {
  const out: Segment[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    // Two backslashes are one, `\$(` and `\${` a literal `$(`/`${`; a backslash before anything else (`\$'`) stays.
    const escapesDollar = text[i + 1] === '$' && (text[i + 2] === '(' || text[i + 2] === '{');
    if (ch === '\\' && (escapesDollar || text[i + 1] === '\\')) {
      literal += text[i + 1];
      i += 2;
      continue;
    }
    if (ch === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) {
      const end = matchingClose(text, i + 1);
      if (end === -1) {
        literal += text.slice(i);
        break;
      }
      if (literal !== '') out.push({ kind: 'text', text: literal });
      literal = '';
      out.push({ kind: text[i + 1] === '(' ? 'paren' : 'brace', code: text.slice(i + 2, end) });
      i = end + 1;
      continue;
    }
    literal += ch;
    i++;
  }
  if (literal !== '') out.push({ kind: 'text', text: literal });
  return out;
}

/** True when the string holds at least one expression. */
export function hasExpression(text: string): boolean {
  return scan(text).some((segment) => segment.kind !== 'text');
}

function matchingClose(text: string, open: number): number {
  const stack: string[] = [];
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "'" || ch === '`') {
      i = skipString(text, i, ch);
      continue;
    }
    if (ch === '(' || ch === '{' || ch === '[') stack.push(ch);
    else if (ch === ')' || ch === '}' || ch === ']') {
      stack.pop();
      if (stack.length === 0) return i;
    }
  }
  return -1;
}

function skipString(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return text.length;
}
