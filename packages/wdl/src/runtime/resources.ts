/**
 * The runtime section → Toil job requirements (cores, memory, disk) and the container image, and the return
 * codes a command may exit with.
 */
import { WdlEvalError } from '../errors.js';
import type { SourcePos } from '../errors.js';
import { primitiveText, type WdlValue } from '../values.js';

/** What a task asks of the machine. */
export interface TaskResources {
  /** Cores (`cpu`). */
  cores?: number;
  /** Bytes of memory (`memory`). */
  memory?: number;
  /** Bytes of disk (`disks`). */
  disk?: number;
  /** Image of `docker` / `container` (the first when a list). */
  image?: string;
  /** Allowed exit codes; `'*'` for any. */
  returnCodes: number[] | '*';
}

const UNIT: Record<string, number> = {
  B: 1,
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  KI: 2 ** 10,
  MI: 2 ** 20,
  GI: 2 ** 30,
  TI: 2 ** 40,
};

/** `"4 GiB"`, `"2G"`, `"512 MB"` or a number of bytes. */
export function parseBytes(value: WdlValue, what: string, pos: SourcePos | undefined, defaultUnit = 'B'): number {
  if (value.t === 'int' || value.t === 'float') return value.v * UNIT[defaultUnit];
  const text = primitiveText(value) ?? '';
  const m = /^\s*([\d.]+)\s*([KMGT]?I?)B?\s*$/i.exec(text);
  if (m === null)
    throw new WdlEvalError(
      pos,
      `runtime ${what}: ${JSON.stringify(text)} is not a size; write e.g. "4 GiB" or "512 MB"`,
    );
  return Number(m[1]) * UNIT[(m[2] || defaultUnit).toUpperCase()];
}

/** Reads the evaluated runtime section. */
export function taskResources(runtime: Record<string, WdlValue>, pos?: SourcePos): TaskResources {
  const out: TaskResources = { returnCodes: [0] };
  const cpu = runtime.cpu;
  if (cpu !== undefined) out.cores = Number(primitiveText(cpu));
  if (runtime.memory !== undefined) out.memory = parseBytes(runtime.memory, 'memory', pos);
  const disks = runtime.disks ?? runtime.disk;
  if (disks !== undefined) out.disk = diskBytes(disks, pos);
  const image = runtime.container ?? runtime.docker;
  if (image !== undefined && image.t !== 'null') {
    const first = image.t === 'array' ? image.items[0] : image;
    const text = first === undefined ? undefined : primitiveText(first);
    if (text !== undefined && text !== '*') out.image = text;
  }
  // `return_codes` is WDL 1.2's name (the 1.1 spec's own examples use it), `continueOnReturnCode` Cromwell's.
  const codes = runtime.returnCodes ?? runtime.return_codes ?? runtime.continueOnReturnCode;
  if (codes !== undefined) out.returnCodes = returnCodes(codes);
  return out;
}

function diskBytes(value: WdlValue, pos?: SourcePos): number {
  const specs = value.t === 'array' ? value.items.map((v) => primitiveText(v) ?? '') : [primitiveText(value) ?? ''];
  let total = 0;
  for (const spec of specs) {
    if (value.t === 'int') return value.v * 2 ** 30;
    // "local-disk 10 SSD", "/mnt 10 GiB", "10 GiB", "10": sizes without a unit are GiB.
    const m = /(\d+(?:\.\d+)?)\s*([KMGT]i?B?)?/i.exec(spec);
    if (m === null) throw new WdlEvalError(pos, `runtime disks: ${JSON.stringify(spec)} names no size`);
    total += parseBytes({ t: 'string', v: `${m[1]} ${m[2] ?? 'Gi'}` }, 'disks', pos);
  }
  return total;
}

function returnCodes(value: WdlValue): number[] | '*' {
  if (value.t === 'bool') return value.v ? '*' : [0];
  if (value.t === 'string' && value.v === '*') return '*';
  if (value.t === 'int') return [value.v];
  if (value.t === 'array') return value.items.map((v) => Number(primitiveText(v)));
  return [0];
}
