import { readFileSync } from "node:fs";
import { type Document, isNode, LineCounter, parseDocument } from "yaml";

/** A path into the YAML document, as zod reports it (`["routes", 2, "channel"]`). */
export type YamlPath = readonly PropertyKey[];

/** `routes[2].channel`, the way klaxon names a place in its config. */
export function formatYamlPath(path: YamlPath): string {
  return path
    .map((p, n) => (typeof p === "number" ? `[${p}]` : `${n === 0 ? "" : "."}${String(p)}`))
    .join("");
}

/**
 * `file:line:column` of the node at `path` (or of its nearest existing parent, e.g. the mapping a required key
 * is missing from), counted like editors and the runbook checks: both from 1.
 */
export function yamlLocation(file: string, doc: Document, lineCounter: LineCounter, path: YamlPath): string {
  const keys = path.filter((p): p is string | number => typeof p !== "symbol");
  let node = doc.getIn(keys, true);
  for (let depth = keys.length - 1; !isNode(node) && depth >= 0; depth--)
    node = doc.getIn(keys.slice(0, depth), true);
  const offset = isNode(node) && node.range ? node.range[0] : 0;
  const { line, col } = lineCounter.linePos(offset);
  return `${file}:${line}:${col}`;
}

/** `file:line:column: path` for a problem found after parsing, reading the file again to place it. */
export function locateInYamlFile(file: string, path: YamlPath): string {
  const where = formatYamlPath(path);
  try {
    const lineCounter = new LineCounter();
    const doc = parseDocument(readFileSync(file, "utf8"), { lineCounter });
    return `${yamlLocation(file, doc, lineCounter, path)}: ${where}`;
  } catch {
    return `${file}: ${where}`;
  }
}
