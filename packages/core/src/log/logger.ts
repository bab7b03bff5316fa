import { appendFileSync } from 'node:fs';
import type { LogLevel } from '../options/config.js';

const ORDER: Record<LogLevel, number> = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40, CRITICAL: 50, OFF: 100 };

/** Leveled logger for the leader and utilities: Toil-style lines on stderr (and `--logFile`). */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Whether messages at `level` are shown. */
  enabled(level: LogLevel): boolean;
}

/** A logger writing `<time> <LEVEL> <source>: <message>` lines to stderr and optionally a file. */
export function createLogger(level: LogLevel, source = 'toil', logFile?: string): Logger {
  const threshold = ORDER[level] ?? 20;
  const write = (lvl: LogLevel, message: string) => {
    if (ORDER[lvl] < threshold) return;
    const line = `[${new Date().toISOString()}] ${lvl} ${source}: ${message}\n`;
    process.stderr.write(line);
    if (logFile) appendFileSync(logFile, line);
  };
  return {
    debug: (m) => write('DEBUG', m),
    info: (m) => write('INFO', m),
    warn: (m) => write('WARNING', m),
    error: (m) => write('ERROR', m),
    enabled: (lvl) => ORDER[lvl] >= threshold,
  };
}
