/**
 * `toil-cwl-runner wf.cwl --help`: the document's inputs as options, with their types, whether they are required
 * and their `label`/`doc`, as cwltool lists a document's inputs.
 */
import type { CwlType, Parameter, Process } from '../model.js';
import { describeType, isOptional } from '../types/check.js';
import { isBooleanType, withoutNull } from './input-values.js';

/** The help text of `docRef`'s inputs. */
export function documentHelp(docRef: string, process: Process): string {
  const lines = process.inputs.flatMap((param) => optionLines(param.id, param.type, param, param.default));
  return [
    `Usage: toil-cwl-runner [options] ${docRef} [job.yml] [inputs]`,
    '',
    `Inputs of ${docRef} (${process.class}), given after the document; they override a job file's fields:`,
    ...(lines.length === 0 ? ['  (none)'] : lines),
    '',
    'An array input is given once per item (--xs 1 --xs 2), a record field by field (--rec.field value), a boolean',
    'as --flag or --no-flag, a File or Directory as a path relative to the working directory (or a URL). An',
    "optional input left out is null (or its default). The runner's own options go before the document",
    '(toil-cwl-runner --help lists them); after it, a name the document declares is always its input.',
  ].join('\n');
}

function optionLines(name: string, type: CwlType, param: Parameter, fallback: unknown): string[] {
  const bare = withoutNull(type);
  if (typeof bare === 'object' && !Array.isArray(bare) && bare.type === 'record') {
    return bare.fields.flatMap((field) => optionLines(`${name}.${field.name}`, field.type, param, undefined));
  }
  const flags = isBooleanType(type) ? `--${name}, --no-${name}` : `--${name} ${placeholder(bare)}`;
  const notes = [describeType(type)];
  if (fallback !== undefined) notes.push(`default ${JSON.stringify(fallback)}`);
  else notes.push(isOptional(type) ? 'optional' : 'required');
  if (typeof bare === 'object' && !Array.isArray(bare) && bare.type === 'array') notes.push('repeat for each item');
  const doc = name === param.id && param.doc !== undefined ? `  ${param.doc}` : '';
  return [`  ${flags.padEnd(28)} ${notes.join(', ')}${doc}`];
}

function placeholder(type: CwlType): string {
  if (Array.isArray(type)) return 'VALUE';
  if (typeof type === 'object') {
    if (type.type === 'array') return placeholder(withoutNull(type.items));
    if (type.type === 'enum') return `{${type.symbols.join(',')}}`;
    return 'VALUE';
  }
  const names: Record<string, string> = { int: 'INT', long: 'INT', float: 'NUMBER', double: 'NUMBER' };
  return names[type] ?? (type === 'File' || type === 'Directory' ? 'PATH' : type === 'string' ? 'TEXT' : 'VALUE');
}
