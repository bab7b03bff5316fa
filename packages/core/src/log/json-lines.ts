import { createRequire } from 'node:module';
import type pino from 'pino';

/** Toil's levels as pino custom levels, so JSON lines say `"level":"WARNING"` like the text lines. */
const LEVELS = { debug: 10, info: 20, warning: 30, error: 40, critical: 50 } as const;

/** A level method of the JSON writer. */
export type JsonLevel = keyof typeof LEVELS;

/** Writes one JSON object per log call: `{"level","time","source",...fields,"msg"}`. */
export type JsonLineWriter = (level: JsonLevel, message: string, fields: Record<string, unknown> | undefined) => void;

/**
 * A pino logger (`--logFormat json`) that hands each finished line to `write`. pino is loaded on first use with
 * require (it is CommonJS): importing it costs about 20 ms, which every leader and warm worker would otherwise
 * pay at start-up for a format few runs ask for. Level filtering stays with the caller (it knows OFF).
 */
export function jsonLineWriter(source: string, write: (line: string) => void): JsonLineWriter {
  const load = createRequire(import.meta.url)('pino') as typeof pino;
  const logger = load(
    {
      level: 'debug',
      customLevels: LEVELS,
      useOnlyCustomLevels: true,
      base: { source },
      timestamp: load.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label.toUpperCase() }) },
    },
    // pino calls write() synchronously with each complete line, so the line is on stderr and in the file at once.
    { write },
  );
  return (level, message, fields) => logger[level](fields ?? {}, message);
}
