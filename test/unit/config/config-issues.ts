import { ConfigError } from "../../../src/config/errors.js";

/** The `path: message` lines of the ConfigError `fn` throws; fails the test when it throws none. */
export function issuesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  throw new Error("expected a ConfigError");
}
