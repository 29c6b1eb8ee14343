import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const read = (file: string): string => readFileSync(join(ROOT, file), "utf8");

interface PackageJson {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  files: string[];
}
const pkg = JSON.parse(read("package.json")) as PackageJson;

/** The Dockerfile's stages: name (or the index of an unnamed one) → its lines. */
function stages(dockerfile: string): Map<string, string[]> {
  const result = new Map<string, string[]>();
  let current: string[] = [];
  for (const line of dockerfile.split("\n")) {
    const from = /^FROM\s+\S+(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) {
      current = [];
      result.set(from[1] ?? `#${result.size}`, current);
    }
    current.push(line);
  }
  return result;
}

describe("the production image", () => {
  const all = stages(read("Dockerfile"));
  const final = [...all.values()].at(-1) ?? [];
  const finalText = final.join("\n");

  it("runs the compiled dist/start.js, not the TypeScript sources", () => {
    // Assess
    expect(final.find((l) => l.startsWith("CMD"))).toMatch(/"dist\/start\.js"/);
    expect(finalText).not.toMatch(/\bsrc\b|tsx/);
  });

  it("takes node_modules from a stage that installed production dependencies only", () => {
    // Prepare
    const copy = /COPY --from=(\S+)\s.*\/app\/node_modules/.exec(finalText);

    // Assess
    expect(copy?.[1]).toBeDefined();
    const source = all.get(copy?.[1] ?? "")?.join("\n") ?? "";
    expect(source).toMatch(/npm ci --omit=dev/);
  });

  it("builds dist/ with the script npm run build runs, which the build context keeps", () => {
    // Prepare
    const build = all.get("build")?.join("\n") ?? "";
    const ignored = read(".dockerignore").split("\n");

    // Assess
    expect(pkg.scripts.build).toBe("node scripts/build.mjs");
    expect(build).toMatch(/COPY scripts\/build\.mjs /);
    expect(build).toMatch(/RUN npm run build/);
    expect(ignored).toContain("!scripts/build.mjs");
    expect(ignored.indexOf("!scripts/build.mjs")).toBeGreaterThan(ignored.indexOf("scripts"));
  });

  it("leaves the generated sample logs out of the build context", () => {
    // Assess
    expect(read(".dockerignore").split("\n")).toContain("samples");
    expect(finalText).not.toContain("samples");
  });
});

describe("package.json", () => {
  it("keeps tsx a dev dependency and starts the compiled entry point", () => {
    // Assess
    expect(pkg.dependencies).not.toHaveProperty("tsx");
    expect(pkg.devDependencies).toHaveProperty("tsx");
    expect(pkg.scripts.start).toBe("node dist/start.js");
    expect(pkg.files).toContain("dist");
  });

  it("lists no runtime dependency that src/ never imports", () => {
    // Prepare
    const sources = readdirSync(join(ROOT, "src"), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".ts"))
      .map((f) => read(join("src", f)))
      .join("\n");

    // Act
    const unused = Object.keys(pkg.dependencies).filter(
      (name) =>
        !sources.includes(`from "${name}"`) &&
        !sources.includes(`from "${name}/`) &&
        !sources.includes(`import("${name}")`),
    );

    // Assess
    expect(unused).toEqual([]);
  });
});
