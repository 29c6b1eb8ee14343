/** Fields that structured (JSON) log lines commonly use for the human-readable message, in order of preference. */
const JSON_MESSAGE_FIELDS = ["message", "msg", "event", "errorMessage", "error"] as const;

const PYTHON_TRACEBACK = "Traceback (most recent call last):";

/**
 * Reduces a raw error message to the one line that identifies it: the `message` of a JSON log line, the final
 * exception line of a Python traceback (prefixed by the log line that introduced it, if any), or the first line
 * of a Java stack trace or any other multi-line message. Frames and stack lines vary with code paths and would
 * split one error into many patterns, so they are dropped here.
 */
export function messageHeadline(message: string): string {
  const trimmed = message.trim();
  const fromJson = jsonMessage(trimmed);
  if (fromJson !== undefined) {
    return messageHeadline(fromJson);
  }
  const lines = trimmed.split(/\r?\n/).filter((line) => line.trim() !== "");
  const first = lines[0];
  if (first === undefined) {
    return "";
  }
  if (lines.length === 1) {
    return first.trim();
  }
  if (trimmed.includes(PYTHON_TRACEBACK)) {
    return pythonHeadline(lines);
  }
  return first.trim();
}

function pythonHeadline(lines: readonly string[]): string {
  // The exception line is the last one that is not indented (frames and source lines are).
  const exception = [...lines].reverse().find((line) => !/^\s/.test(line));
  const first = lines[0]?.trim() ?? "";
  if (exception === undefined || exception.trim() === PYTHON_TRACEBACK) {
    return first;
  }
  const last = exception.trim();
  if (first === PYTHON_TRACEBACK) {
    return last;
  }
  if (first.includes(last)) {
    return first;
  }
  return `${first} | ${last}`;
}

function jsonMessage(text: string): string | undefined {
  if (!text.startsWith("{") || !text.endsWith("}")) {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return undefined;
  }
  const record = parsed as Record<string, unknown>;
  for (const field of JSON_MESSAGE_FIELDS) {
    const value = record[field];
    if (typeof value === "string" && value.trim() !== "") {
      return value;
    }
  }
  return undefined;
}
