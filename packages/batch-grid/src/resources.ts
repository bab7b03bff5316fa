import type { ResolvedRequirements } from '@toil/core/backend';

const MIB = 1024 * 1024;

/** Whole cores for schedulers that allocate integers: fractions round up, and a job gets at least one. */
export function wholeCores(requirements: ResolvedRequirements): number {
  return Math.max(1, Math.ceil(requirements.cores - 1e-9));
}

/** Memory in MiB, rounded up, at least 1 (schedulers read `--mem=100` as MiB). */
export function memoryMiB(requirements: ResolvedRequirements): number {
  return Math.max(1, Math.ceil(requirements.memory / MIB));
}

/** Disk in MiB, rounded up, at least 1. */
export function diskMiB(requirements: ResolvedRequirements): number {
  return Math.max(1, Math.ceil(requirements.disk / MIB));
}

/** GPUs requested (accelerators of kind `gpu` or `cuda`), 0 when none. */
export function gpuCount(requirements: ResolvedRequirements): number {
  return requirements.accelerators
    .filter((a) => a.kind === 'gpu' || a.kind === 'cuda')
    .reduce((n, a) => n + a.count, 0);
}

/** Seconds as `[D-]HH:MM:SS` (Slurm, LSF and Torque accept `HH:MM:SS`; days only appear past 24 hours). */
export function clockTime(totalSeconds: number): string {
  const s = Math.max(1, Math.ceil(totalSeconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  const hours = Math.floor(s / 3600);
  return `${pad(hours)}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

/** Parse `[D-]HH:MM:SS`, `MM:SS`, or `SS` (Slurm's elapsed-time formats) into seconds; undefined when not a time. */
export function parseClockTime(text: string): number | undefined {
  const match =
    /^(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)$/.exec(text.trim()) ?? /^()()()(\d+(?:\.\d+)?)$/.exec(text.trim());
  if (!match) return undefined;
  const [, days, hours, minutes, seconds] = match;
  return Number(days || 0) * 86400 + Number(hours || 0) * 3600 + Number(minutes || 0) * 60 + Number(seconds);
}
