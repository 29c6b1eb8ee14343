import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize } from "node:path";

/** The source tree's import graph (TypeScript and the browser's JavaScript modules): each file (repo-relative) with the repo-relative files it imports. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

/** One rule of the layering: nothing under `from` may import anything under `to`. */
export interface LayerRule {
  readonly from: string;
  readonly to: string;
  readonly why: string;
  /** Folders or files under `from` that the rule does not bind. */
  readonly except?: readonly string[];
}

/** The layering klaxon keeps: the core returns data, adapters (Slack, HTTP, the wiring) turn it into effects. */
export const LAYER_RULES: readonly LayerRule[] = [
  ...["src/incidents/", "src/error-summary/", "src/runbooks/"].flatMap((core) => [
    {
      from: core,
      to: "src/slack/",
      why: "the core returns data; Slack text is built in slack/blocks at delivery",
    },
    { from: core, to: "src/http/", why: "the core knows no transport; metrics arrive as callbacks" },
  ]),
  {
    from: "src/",
    to: "src/main.ts",
    why: "main.ts is the composition root: only the command line above it imports it",
    except: ["src/cli/", "src/start.ts"],
  },
];

// `import … from "x"`, `export … from "x"`, `import "x"` and `import("x")`, relative specifiers only.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\.{1,2}\/[^"'\n]{1,300})["']/g;

function listSources(root: string, dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) found.push(...listSources(root, path));
    else if (/\.(ts|js)$/.test(name) && !name.endsWith(".d.ts")) found.push(path);
  }
  return found;
}

// A comment can quote an import; a template string can hold browser code. Neither is an edge.
function stripCommentsAndTemplates(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/^\s*\/\/.*$/gm, "")
    .replace(/`(?:[^`\\]|\\[\s\S])*`/g, "``");
}

/**
 * Reads every `.ts` file under `dirs` (relative to `root`) and resolves its relative imports to files, mapping the
 * `.js` suffixes ESM requires back to their `.ts` sources. Imports that leave the given folders are kept as edges
 * too (so `src` importing `test` would show), but only files under `dirs` are read.
 */
export function readImportGraph(root: string, dirs: readonly string[]): ImportGraph {
  const graph = new Map<string, string[]>();
  for (const file of dirs.flatMap((dir) => listSources(root, dir))) {
    const text = stripCommentsAndTemplates(readFileSync(join(root, file), "utf8"));
    const targets = new Set<string>();
    for (const match of text.matchAll(SPECIFIER)) {
      const spec = match[1] ?? "";
      const resolved = normalize(join(dirname(file), spec));
      const candidates = [
        resolved.replace(/\.js$/, ".ts"),
        resolved,
        `${resolved}.ts`,
        join(resolved, "index.ts"),
      ];
      const target = candidates.find((candidate) => existsSync(join(root, candidate)));
      if (target !== undefined && target !== file) targets.add(target);
    }
    graph.set(file, [...targets].sort());
  }
  return graph;
}

/** Every import cycle (strongly connected component of two or more files, or a file importing itself), sorted. */
export function findCycles(graph: ImportGraph): string[][] {
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  // Iterative Tarjan: the tree is deep enough that recursion would be a needless risk.
  for (const start of graph.keys()) {
    if (order.has(start)) continue;
    const work: Array<{ node: string; next: number }> = [{ node: start, next: 0 }];
    order.set(start, index);
    low.set(start, index++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { node: string; next: number };
      const edges = graph.get(frame.node) ?? [];
      if (frame.next < edges.length) {
        const to = edges[frame.next++] as string;
        if (!graph.has(to)) continue;
        if (!order.has(to)) {
          order.set(to, index);
          low.set(to, index++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, next: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node) ?? 0, order.get(to) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined)
        low.set(parent.node, Math.min(low.get(parent.node) ?? 0, low.get(frame.node) ?? 0));
      if (low.get(frame.node) === order.get(frame.node)) {
        const component: string[] = [];
        let member: string | undefined;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        if (component.length > 1 || edges.includes(frame.node)) cycles.push(component.sort());
      }
    }
  }
  return cycles.sort((a, b) => (a[0] ?? "").localeCompare(b[0] ?? ""));
}

/** The imports that break a layer rule, as `from -> to (why)` lines, sorted. */
export function findLayerBreaks(graph: ImportGraph, rules: readonly LayerRule[] = LAYER_RULES): string[] {
  const breaks: string[] = [];
  for (const [from, targets] of graph) {
    for (const to of targets) {
      for (const rule of rules) {
        const toMatches = rule.to.endsWith("/") ? to.startsWith(rule.to) : to === rule.to;
        const excepted = (rule.except ?? []).some((place) => from.startsWith(place));
        if (from.startsWith(rule.from) && toMatches && !excepted && from !== to)
          breaks.push(`${from} -> ${to} (${rule.why})`);
      }
    }
  }
  return breaks.sort();
}

/** How many files the graph holds and how many import edges join them (for the summary line). */
export function graphSize(graph: ImportGraph): { files: number; edges: number } {
  let edges = 0;
  for (const targets of graph.values()) edges += targets.length;
  return { files: graph.size, edges };
}
