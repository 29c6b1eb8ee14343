import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { findCycles, findLayerBreaks, readImportGraph } from "../../support/import-graph.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

describe("the import graph helpers", () => {
  it("finds a three-file cycle and a self-import, and nothing in a chain", () => {
    // Prepare
    const graph = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts", "d.ts"]],
      ["d.ts", ["e.ts"]],
      ["e.ts", []],
      ["f.ts", ["f.ts"]],
    ]);

    // Act
    const cycles = findCycles(graph);

    // Assess
    expect(cycles).toEqual([["a.ts", "b.ts", "c.ts"], ["f.ts"]]);
  });

  it("names an import that breaks a rule, and spares the places a rule excepts", () => {
    // Prepare
    const graph = new Map([
      ["src/incidents/x.ts", ["src/slack/y.ts", "src/shared/z.ts"]],
      ["src/cli/start.ts", ["src/main.ts"]],
      ["src/alarms/a.ts", ["src/main.ts"]],
    ]);

    // Act
    const breaks = findLayerBreaks(graph);

    // Assess
    expect(breaks).toEqual([
      expect.stringMatching(/^src\/alarms\/a\.ts -> src\/main\.ts \(/),
      expect.stringMatching(/^src\/incidents\/x\.ts -> src\/slack\/y\.ts \(/),
    ]);
  });
});

describe("klaxon's source tree", () => {
  const graph = readImportGraph(ROOT, ["src"]);

  it("reads the whole tree, .js specifiers resolved to their .ts files", () => {
    expect(graph.get("src/main.ts")).toContain("src/shared/clock.ts");
  });

  it("has no import cycles", () => {
    expect(findCycles(graph)).toEqual([]);
  });

  it("keeps the core folders free of Slack and HTTP, and main.ts imported only by the command line", () => {
    expect(findLayerBreaks(graph)).toEqual([]);
  });
});
