/**
 * SALAD's document directives: `{$import: path}` is replaced by the parsed document at that path, `{$include:
 * path}` by the file's text. Paths resolve against the folder of the file that holds the directive.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { invalidAt } from './positions.js';
import { readYamlFile } from './read-yaml.js';

/** A value from a document, with every `$import`/`$include` in it replaced. */
export function expandDirectives(value: unknown, file: string): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = expandDirectives(value[i], file);
    return value;
  }
  if (typeof value !== 'object' || value === null) return value;
  const object = value as Record<string, unknown>;
  if (typeof object.$import === 'string') {
    const target = toPath(object.$import, file);
    return expandDirectives(readYamlFile(target), target);
  }
  if (typeof object.$include === 'string') {
    const target = toPath(object.$include, file);
    try {
      return readFileSync(target, 'utf8');
    } catch {
      throw invalidAt(object, `cannot read the $include file '${object.$include}'`, file, '$include');
    }
  }
  for (const key of Object.keys(object)) object[key] = expandDirectives(object[key], file);
  return object;
}

/** A reference (relative path or file: URL, without fragment) resolved against the folder of `file`. */
export function toPath(reference: string, file: string): string {
  const bare = reference.split('#')[0];
  if (bare.startsWith('file://')) return fileURLToPath(bare);
  return resolve(dirname(file), decodeURIComponent(bare));
}
