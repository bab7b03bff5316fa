/**
 * PyYAML (which wrote most CWL documents) accepts a flow collection (`[...]`, `{...}`) whose continuation lines
 * are no more indented than the key that opened it; YAML 1.2 and the `yaml` package do not. When a strict parse
 * fails that way, the text is re-indented here and parsed again. Hand-written: no library offers PyYAML's leniency
 * with source positions, and this changes only the leading spaces of the offending lines, so line numbers hold.
 */

/** `text` with every continuation line of a flow collection indented past the line that opened it. */
export function indentFlowContinuations(text: string): string {
  const lines = text.split('\n');
  let depth = 0;
  let openIndent = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const indent = line.length - line.trimStart().length;
    if (depth > 0 && line.trim() !== '' && indent <= openIndent) {
      lines[i] = ' '.repeat(openIndent + 2 - indent) + line;
    } else if (depth === 0) {
      openIndent = indent;
    }
    depth = Math.max(0, depth + flowDelta(line));
  }
  return lines.join('\n');
}

function flowDelta(line: string): number {
  let delta = 0;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote !== undefined) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") {
      if (i === 0 || /[\s[{,:]/.test(line[i - 1])) quote = ch;
    } else if (ch === '#' && (i === 0 || /\s/.test(line[i - 1]))) break;
    else if (ch === '[' || ch === '{') delta++;
    else if (ch === ']' || ch === '}') delta--;
  }
  return delta;
}
