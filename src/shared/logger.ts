import { type Logger as PinoLogger, pino } from "pino";

/** The structured logger every module takes through its deps. */
export type Logger = PinoLogger;

/**
 * Creates the process logger. JSON lines to stdout; `level` comes from config. Tests pass `silent`.
 */
export function createLogger(level: string = "info"): Logger {
  return pino({ level, base: { app: "klaxon" }, timestamp: pino.stdTimeFunctions.isoTime });
}

/** A logger that drops everything, for tests and benchmarks. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
