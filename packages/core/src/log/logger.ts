import type { LogFormat, LogLevel, WorkflowConfig } from '../options/config.js';
import { jsonLineWriter, type JsonLevel } from './json-lines.js';
import { LogFile } from './log-file.js';

const ORDER: Record<LogLevel, number> = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40, CRITICAL: 50, OFF: 100 };
const JSON_LEVEL: Record<'DEBUG' | 'INFO' | 'WARNING' | 'ERROR', JsonLevel> = {
  DEBUG: 'debug',
  INFO: 'info',
  WARNING: 'warning',
  ERROR: 'error',
};

/** Structured context of a log line (`{ jobId, jobName }`): fields of the JSON object; the text format omits them. */
export type LogFields = Record<string, unknown>;

/** Leveled logger for the leader and utilities: Toil-style lines on stderr (and `--logFile`). */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** Whether messages at `level` are shown. */
  enabled(level: LogLevel): boolean;
}

/** Where and how a logger writes, besides stderr. */
export interface LoggerOutput {
  /** Also append to this file (`--logFile`). */
  logFile?: string;
  /** Rotate the file at `maxLogFileSize` bytes (`--rotatingLogging`). */
  rotatingLogging?: boolean;
  maxLogFileSize?: number;
  /** `text` (default): `[<time>] <LEVEL> <source>: <message>`; `json`: one pino object per line. */
  logFormat?: LogFormat;
}

/**
 * A logger writing to stderr and optionally a file. The text format is `[<ISO time>] <LEVEL> <source>: <message>`;
 * `logFormat: 'json'` writes `{"level","time","source",...fields,"msg"}` objects instead. A string third argument
 * is a log file path (the older form).
 */
export function createLogger(level: LogLevel, source = 'toil', output: string | LoggerOutput = {}): Logger {
  const options = typeof output === 'string' ? { logFile: output } : output;
  const threshold = ORDER[level] ?? 20;
  const file = options.logFile
    ? new LogFile(options.logFile, { rotate: options.rotatingLogging, maxBytes: options.maxLogFileSize })
    : undefined;
  const emit = (line: string) => {
    process.stderr.write(line);
    file?.write(line);
  };
  const json = options.logFormat === 'json' ? jsonLineWriter(source, emit) : undefined;
  const write = (lvl: keyof typeof JSON_LEVEL, message: string, fields?: LogFields) => {
    if (ORDER[lvl] < threshold) return;
    if (json) json(JSON_LEVEL[lvl], message, fields);
    else emit(`[${new Date().toISOString()}] ${lvl} ${source}: ${message}\n`);
  };
  return {
    debug: (m, f) => write('DEBUG', m, f),
    info: (m, f) => write('INFO', m, f),
    warn: (m, f) => write('WARNING', m, f),
    error: (m, f) => write('ERROR', m, f),
    enabled: (lvl) => ORDER[lvl] >= threshold,
  };
}

/**
 * The logger the logging options of a config ask for (`--logLevel`, `--logFile`, `--rotatingLogging`, `--logFormat`).
 */
export function loggerForConfig(
  config: Pick<WorkflowConfig, 'logLevel' | 'logFile' | 'rotatingLogging' | 'maxLogFileSize' | 'logFormat'>,
  source = 'toil',
): Logger {
  return createLogger(config.logLevel, source, config);
}
