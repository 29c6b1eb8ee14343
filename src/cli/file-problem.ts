/**
 * A file the user named could not be read (missing, a folder, no permission): their input, not a bug. Node's
 * system errors carry `code` and `syscall`; `path` only sometimes.
 */
export function fileProblem(error: unknown, fallbackPath?: string): string | undefined {
  if (!(error instanceof Error) || !("syscall" in error) || !("code" in error)) return undefined;
  const path = "path" in error ? String(error.path) : fallbackPath;
  return `cannot read ${path ?? "a file"} (${String(error.code)}): check the path and its permissions`;
}
