/**
 * Turns a raw process object (after directives) into the normalised model: lists instead of maps, short ids,
 * expanded types, requirements inherited by steps, v1.0/v1.1 fields moved to their v1.2 place.
 */
import { dirname, resolve } from 'node:path';
import { isFileLike } from '../types/check.js';
import { resolveFileObject, type FileObject } from '../types/file-objects.js';
import type { Parameter, Process, Requirement, Step, StepInput } from '../model.js';
import { shortName, sourceRef, fragmentOf } from './ids.js';
import { invalidAt } from './positions.js';
import { normalizeSecondaryFiles, normalizeType, type SchemaDefs } from './types.js';

/** What normalising one process needs from its surroundings. */
export interface NormalizeContext {
  /** The file the process was read from. */
  file: string;
  /** The document's cwlVersion (inherited by inline and `$graph` processes). */
  cwlVersion: string;
  /** `$namespaces` of the document. */
  namespaces: Record<string, string>;
  /** `$schemas` of the document, absolute. */
  schemas?: string[];
  /** Named schemas visible here. */
  defs: SchemaDefs;
  /** Loads the process a step's `run` names (a path, a `#fragment` or an inline object). */
  loadRun: (run: unknown, file: string, owner: object) => Process;
}

const CLASSES = new Set(['CommandLineTool', 'ExpressionTool', 'Workflow', 'Operation']);

/** The normalised process of a raw document object. */
export function normalizeProcess(raw: Record<string, unknown>, ctx: NormalizeContext): Process {
  const cls = raw.class;
  if (typeof cls !== 'string' || !CLASSES.has(cls)) {
    throw invalidAt(
      raw,
      `'class' must be CommandLineTool, ExpressionTool, Workflow or Operation, not ${JSON.stringify(cls)}`,
      ctx.file,
      'class',
    );
  }
  const cwlVersion = typeof raw.cwlVersion === 'string' ? raw.cwlVersion : ctx.cwlVersion;
  const requirements = requirementList(raw.requirements, raw, ctx.file, 'requirements');
  const hints = requirementList(raw.hints, raw, ctx.file, 'hints');
  const defs = new Map(ctx.defs);
  for (const req of requirements) {
    if (req.class !== 'SchemaDefRequirement') continue;
    // `types: [{$import: file}]` where the file holds a list gives a nested list.
    for (const type of ((req.types ?? []) as unknown[]).flat(Infinity) as Record<string, unknown>[]) {
      defs.set(fragmentOf(String(type.name)), type);
      defs.set(shortName(String(type.name)), type);
    }
  }
  const id = typeof raw.id === 'string' ? fragmentOf(raw.id) : '';
  const process: Process = {
    class: cls as Process['class'],
    cwlVersion,
    id,
    file: ctx.file,
    inputs: parameterList(raw.inputs, raw, 'inputs', { ...ctx, cwlVersion }, defs, id),
    outputs: parameterList(raw.outputs, raw, 'outputs', { ...ctx, cwlVersion }, defs, id),
    requirements,
    hints,
    namespaces: ctx.namespaces,
    schemas: ctx.schemas,
  };
  if (cls === 'CommandLineTool') {
    process.baseCommand = raw.baseCommand === undefined ? [] : ([] as string[]).concat(raw.baseCommand as string[]);
    process.arguments = (raw.arguments as unknown[] | undefined) ?? [];
    process.stdin = raw.stdin as string | undefined;
    process.stdout = raw.stdout as string | undefined;
    process.stderr = raw.stderr as string | undefined;
    process.successCodes = raw.successCodes as number[] | undefined;
    process.temporaryFailCodes = raw.temporaryFailCodes as number[] | undefined;
    process.permanentFailCodes = raw.permanentFailCodes as number[] | undefined;
  }
  const stdinInput = process.inputs.find((p) => p.type === 'stdin');
  if (stdinInput !== undefined) {
    stdinInput.type = 'File';
    process.stdin = `$(inputs.${stdinInput.id}.path)`;
  }
  if (cls === 'ExpressionTool') process.expression = raw.expression as string;
  if (cls === 'Workflow') process.steps = stepList(raw.steps, raw, id, { ...ctx, cwlVersion, defs });
  return process;
}

function requirementList(raw: unknown, owner: object, file: string, key: string): Requirement[] {
  if (raw === undefined || raw === null) return [];
  if (Array.isArray(raw)) {
    return raw.map((entry) => {
      const req = entry as Requirement;
      if (typeof req?.class !== 'string') throw invalidAt(entry, `every entry of '${key}' needs a 'class'`, file);
      return withResolvedFiles({ ...req, class: shortName(req.class) }, file);
    });
  }
  if (typeof raw === 'object') {
    return Object.entries(raw as Record<string, unknown>).map(([cls, value]) =>
      withResolvedFiles({ ...((value ?? {}) as object), class: shortName(cls) } as Requirement, file),
    );
  }
  throw invalidAt(owner, `'${key}' must be a list or a map of requirements`, file, key);
}

/**
 * File and Directory literals written in an InitialWorkDirRequirement listing have locations relative to the
 * document, which only the loader knows: they are made absolute here, so staging sees plain local objects.
 */
function withResolvedFiles(req: Requirement, file: string): Requirement {
  // dockerLoad names an image archive relative to the document too.
  if (
    req.class === 'DockerRequirement' &&
    typeof req.dockerLoad === 'string' &&
    !/^[a-z][a-z0-9+.-]*:/i.test(req.dockerLoad)
  )
    return { ...req, dockerLoad: resolve(dirname(file), req.dockerLoad) };
  if (req.class !== 'InitialWorkDirRequirement' || !Array.isArray(req.listing)) return req;
  const resolveItem = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(resolveItem);
    if (isFileLike(item)) return resolveFileObject(structuredClone(item) as FileObject, dirname(file));
    return item;
  };
  return { ...req, listing: req.listing.map(resolveItem) };
}

/** Entries of a list-or-map field as objects with an `id` (the map key, or the `id`/`name` field). */
export function entries(
  raw: unknown,
  owner: object,
  key: string,
  file: string,
  scalarKey = 'type',
): Record<string, unknown>[] {
  if (raw === undefined || raw === null) return [] as Record<string, unknown>[];
  if (Array.isArray(raw)) {
    return raw.map((entry): Record<string, unknown> => (typeof entry === 'string' ? { id: entry } : entry));
  }
  if (typeof raw !== 'object') throw invalidAt(owner, `'${key}' must be a list or a map`, file, key);
  return Object.entries(raw as Record<string, unknown>).map(([id, value]): Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? { id, ...(value as Record<string, unknown>) }
      : { id, [scalarKey]: value },
  );
}

function parameterList(
  raw: unknown,
  owner: object,
  key: string,
  ctx: NormalizeContext,
  defs: SchemaDefs,
  processId: string,
): Parameter[] {
  return entries(raw, owner, key, ctx.file).map((entry) => {
    if (typeof entry.id !== 'string') throw invalidAt(entry, `every entry of '${key}' needs an 'id'`, ctx.file);
    const secondary = entry.secondaryFiles;
    if (ctx.cwlVersion === 'v1.0' && Array.isArray(secondary) && secondary.some((s) => typeof s === 'object')) {
      throw invalidAt(
        entry,
        'secondaryFiles entries with a pattern need cwlVersion v1.1 or later',
        ctx.file,
        'secondaryFiles',
      );
    }
    const binding = entry.inputBinding as Parameter['inputBinding'];
    const outputSource = entry.outputSource;
    return {
      id: shortName(entry.id),
      type: entry.type === undefined ? 'Any' : normalizeType(entry.type, defs),
      default: entry.default,
      inputBinding: binding,
      outputBinding: entry.outputBinding as Parameter['outputBinding'],
      secondaryFiles: normalizeSecondaryFiles(entry.secondaryFiles),
      format: expandFormat(entry.format, ctx.namespaces),
      loadContents: (entry.loadContents as boolean | undefined) ?? binding?.loadContents,
      loadListing: entry.loadListing as string | undefined,
      outputSource:
        outputSource === undefined
          ? undefined
          : ([] as string[]).concat(outputSource as string[]).map((ref) => sourceRef(ref, processId)),
      linkMerge: entry.linkMerge as string | undefined,
      pickValue: entry.pickValue as string | undefined,
      doc: docText(entry),
    };
  });
}

/** A parameter's `label` and `doc` (a string or a list of lines) as one line, for the document's `--help`. */
function docText(entry: Record<string, unknown>): string | undefined {
  const parts = [entry.label, ...([] as unknown[]).concat(entry.doc ?? [])].filter((p) => typeof p === 'string');
  const text = parts.join(' ').replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text;
}

function stepList(raw: unknown, owner: object, workflowId: string, ctx: NormalizeContext): Step[] {
  return entries(raw, owner, 'steps', ctx.file).map((entry) => {
    const stepInputs: StepInput[] = entries(entry.in, entry, 'in', ctx.file, 'source').map((input) => ({
      id: shortName(String(input.id)),
      source:
        input.source === undefined
          ? []
          : ([] as string[]).concat(input.source as string[]).map((ref) => sourceRef(ref, workflowId)),
      linkMerge: input.linkMerge as string | undefined,
      pickValue: input.pickValue as string | undefined,
      default: input.default,
      valueFrom: input.valueFrom as string | undefined,
      loadContents: input.loadContents as boolean | undefined,
    }));
    if (entry.when !== undefined && (ctx.cwlVersion === 'v1.0' || ctx.cwlVersion === 'v1.1')) {
      throw invalidAt(entry, `'when' needs cwlVersion v1.2 (this document is ${ctx.cwlVersion})`, ctx.file, 'when');
    }
    const out = ((entry.out as unknown[] | undefined) ?? []).map((o) =>
      shortName(typeof o === 'string' ? o : String((o as Record<string, unknown>).id)),
    );
    const scatter =
      entry.scatter === undefined ? [] : ([] as string[]).concat(entry.scatter as string[]).map((s) => shortName(s));
    return {
      id: shortName(String(entry.id)),
      in: stepInputs,
      out,
      run: ctx.loadRun(entry.run, ctx.file, entry),
      requirements: requirementList(entry.requirements, entry, ctx.file, 'requirements'),
      hints: requirementList(entry.hints, entry, ctx.file, 'hints'),
      scatter,
      scatterMethod: entry.scatterMethod as string | undefined,
      when: entry.when as string | undefined,
    };
  });
}

/** A format IRI with its namespace prefix expanded (`edam:format_2330` → `http://edamontology.org/format_2330`). */
export function expandFormat(format: unknown, namespaces: Record<string, string>): unknown {
  if (Array.isArray(format)) return format.map((f) => expandFormat(f, namespaces));
  if (typeof format !== 'string' || format.includes('$(') || format.includes('${')) return format;
  const colon = format.indexOf(':');
  const prefix = colon === -1 ? undefined : format.slice(0, colon);
  return prefix !== undefined && prefix in namespaces ? namespaces[prefix] + format.slice(colon + 1) : format;
}
