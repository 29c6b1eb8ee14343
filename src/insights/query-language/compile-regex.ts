const ALLOWED_FLAGS = /^[imsu]*$/;

/**
 * Builds a JavaScript RegExp from a Logs Insights regex. Insights accepts a leading `(?i)` for case-insensitive
 * matching, which JavaScript does not, so it becomes the `i` flag. Throws `SyntaxError` when either part is invalid.
 */
export function compileRegex(pattern: string, flags: string): RegExp {
  if (!ALLOWED_FLAGS.test(flags)) {
    throw new SyntaxError(`unsupported regex flag(s) '${flags}'; use i, m, s or u`);
  }
  let source = pattern;
  let allFlags = flags;
  while (source.startsWith("(?i)")) {
    source = source.slice(4);
    if (!allFlags.includes("i")) allFlags += "i";
  }
  return new RegExp(source, allFlags);
}

/** Names of the `(?<name>…)` groups of a regex, in order of appearance. */
export function namedGroups(pattern: string): string[] {
  const names: string[] = [];
  for (const match of pattern.matchAll(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g)) {
    if (match[1] !== undefined) names.push(match[1]);
  }
  return names;
}
