/** Extracts the `*` parts of a `parse` glob from a text, or returns undefined when the glob does not match. */
export type GlobMatcher = (text: string) => string[] | undefined;

/**
 * Compiles a `parse` glob such as `"* [*] *"` into a matcher that runs in linear time. The glob matches anywhere
 * in the text; each `*` takes the shortest run up to the next literal piece, and a trailing `*` takes the rest
 * of the text. Literal pieces are found with `indexOf`, left to right: the leftmost occurrence of each piece is
 * the only one worth trying (a later one leaves less text for the pieces after it), so there is no backtracking,
 * and the work is O(text length × pieces) however the glob and the text are shaped.
 */
export function compileGlob(glob: string): GlobMatcher {
  const pieces = glob.split("*");
  const first = pieces[0] ?? "";
  const rest = pieces.slice(1);
  return (text) => {
    const anchor = text.indexOf(first);
    if (anchor < 0) return undefined;
    let position = anchor + first.length;
    const captures: string[] = [];
    for (let i = 0; i < rest.length; i++) {
      const piece = rest[i] ?? "";
      if (i === rest.length - 1 && piece === "") {
        captures.push(text.slice(position));
        position = text.length;
        continue;
      }
      const found = text.indexOf(piece, position);
      if (found < 0) return undefined;
      captures.push(text.slice(position, found));
      position = found + piece.length;
    }
    return captures;
  };
}
