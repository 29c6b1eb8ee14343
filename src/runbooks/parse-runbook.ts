import { isNode, LineCounter, parseDocument } from "yaml";
import type { Result } from "../shared/result.js";
import { err, ok } from "../shared/result.js";
import type { RunbookIssue } from "./errors.js";
import { type ChecklistItem, type Runbook, RunbookFrontMatterSchema } from "./runbook-schema.js";

const FENCE = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 40) || "step"
  );
}

/**
 * Parses one runbook file's text: YAML front matter between `---` fences, validated by schema, then the Markdown
 * body. Every problem comes back with the file, line and column (front matter starts on line 2), so
 * `klaxon validate` can annotate a pull request.
 */
export function parseRunbook(file: string, name: string, text: string): Result<Runbook, RunbookIssue[]> {
  const fence = FENCE.exec(text);
  if (!fence) {
    return err([
      {
        file,
        line: 1,
        column: 1,
        message: "expected YAML front matter between --- lines at the top of the file",
      },
    ]);
  }
  const lineCounter = new LineCounter();
  const yamlText = fence[1] ?? "";
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false });
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line + 1, column: pos.col };
  };
  if (doc.errors.length > 0) {
    return err(
      doc.errors.map((e) => ({ file, ...at(e.pos[0]), message: `YAML: ${e.message.split("\n")[0] ?? ""}` })),
    );
  }
  const parsed = RunbookFrontMatterSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    return err(
      parsed.error.issues.map((issue) => {
        let node = doc.getIn(issue.path as (string | number)[], true);
        for (let depth = issue.path.length - 1; !isNode(node) && depth >= 0; depth--) {
          node = doc.getIn(issue.path.slice(0, depth) as (string | number)[], true);
        }
        const offset = isNode(node) && node.range ? node.range[0] : 0;
        const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
        const inner = issue.code === "invalid_key" ? issue.issues[0]?.message : undefined;
        return { file, ...at(offset), message: `${where}${inner ?? issue.message}` };
      }),
    );
  }
  const fm = parsed.data;
  const seen = new Map<string, number>();
  const checklist = fm.checklist.map((item): ChecklistItem => {
    const textOf = typeof item === "string" ? item : item.text;
    const base = slug(textOf);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const id = n === 1 ? base : `${base}-${n}`;
    if (typeof item === "string" || !item.query) return { id, text: textOf };
    const query = {
      template: item.query.template,
      params: item.query.params,
      ...(item.query.window !== undefined && { window: item.query.window }),
    };
    return { id, text: textOf, query };
  });
  return ok({
    name,
    file,
    title: fm.title,
    match: fm.match,
    links: fm.links,
    checklist,
    queries: fm.queries,
    body: text.slice(fence[0].length),
    ...(fm.description !== undefined && { description: fm.description }),
    ...(fm.severity !== undefined && { severity: fm.severity }),
    ...(fm.owner !== undefined && { owner: fm.owner }),
    ...(fm.url !== undefined && { url: fm.url }),
  });
}
