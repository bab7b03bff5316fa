/**
 * Rewrites a DataBiosphere test document for another WDL version, following the suite's formatting conventions
 * (its README): a `version` line, `input {` sections whose closing brace is alone on its line, and commands in
 * `command {` or `command <<<` form. Our own code, written from those rules.
 */

/** Versions the suite runs. */
export type SuiteVersion = 'draft-2' | '1.0' | '1.1' | 'development';

/** The document text for `target`. */
export function rewriteForVersion(text: string, target: SuiteVersion): string {
  if (target === 'development') return text;
  const lines = text.split('\n');
  if (target !== 'draft-2') {
    const out = lines.map((l) => l.replace(/^(\s*)version\s+\S+/, `$1version ${target}`));
    return (target === '1.0' ? out.map(toDocker) : out).join('\n');
  }
  return toDraft2(lines).join('\n');
}

/** 1.0 and draft-2 know `docker`, not `container`. */
function toDocker(line: string): string {
  return line.replace(/^(\s*)container(\s*:)/, '$1docker$2');
}

function toDraft2(lines: string[]): string[] {
  const out: string[] = [];
  let inputDepth = -1;
  let inHeredoc = false;
  for (const raw of lines) {
    let line = raw;
    if (/^\s*version\s+\S+\s*$/.test(line)) continue;
    if (inputDepth < 0 && /^\s*input\s*\{\s*$/.test(line)) {
      inputDepth = 0;
      continue;
    }
    if (inputDepth >= 0) {
      for (const ch of line.replace(/"[^"]*"|'[^']*'/g, '')) {
        if (ch === '{') inputDepth++;
        else if (ch === '}') inputDepth--;
      }
      if (inputDepth < 0 && /^\s*\}\s*$/.test(line)) continue;
    }
    if (/^\s*command\s*<<<\s*$/.test(line)) {
      line = line.replace('<<<', '{');
      inHeredoc = true;
    } else if (inHeredoc && /^\s*>>>\s*$/.test(line)) {
      line = line.replace('>>>', '}');
      inHeredoc = false;
    }
    out.push(toDocker(line.replace(/~\{/g, '${')));
  }
  return out;
}
