/**
 * Decodes the escape sequences of a WDL string literal (spec §"Strings"): `\\n \\t \\\\ \\" \\' \\~ \\$`, octal
 * `\\NNN`, hex `\\xHH` and unicode `\\uHHHH`/`\\UHHHHHHHH`. Hand-written: it is one regular expression, and JSON.parse
 * does not know octal or `\\'`.
 */
const SIMPLE: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", '~': '~', $: '$' };

/** The text a literal's source chars stand for. */
export function unescapeString(raw: string): string {
  return raw.replace(/\\([0-7]{3}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/gs, (all, seq: string) => {
    if (/^[0-7]{3}$/.test(seq)) return String.fromCodePoint(parseInt(seq, 8));
    if (/^[xuU]/.test(seq) && seq.length > 1) return String.fromCodePoint(parseInt(seq.slice(1), 16));
    if (seq === '\n') return '';
    return SIMPLE[seq] ?? all;
  });
}

/** Appends text to string or command parts, joining it to the text before (the lexer splits text at braces). */
export function pushText(parts: Array<string | object>, text: string): void {
  const last = parts.length - 1;
  if (last >= 0 && typeof parts[last] === 'string') parts[last] = (parts[last] as string) + text;
  else parts.push(text);
}
