#!/usr/bin/env node
// `npm run build`: bundles src/ into dist/ with esbuild. One start used to open about 1,200 files (klaxon's own
// and its dependencies'), each resolved, read and compiled on its own; the bundle is a few files, and what only
// some commands or deployments use (the AWS SDK packages, the playground, the CLI's other commands, Bolt's Socket
// Mode and OAuth) sits in chunks loaded on first use. Type checking stays with `npm run typecheck`.
// Plain JavaScript: it must run before anything is compiled.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/**
 * The entry points: `dist/start.js` (npm start, the image), the CLI (`bin/klaxon.js`) and the worker-thread
 * modules, each at the path the per-file layout gave it, so `workerEntry()` finds workers next to their caller.
 */
export const ENTRIES = {
  start: "src/start.ts",
  "cli/run-cli": "src/cli/run-cli.ts",
  "error-summary/error-summary-worker": "src/error-summary/error-summary-worker.ts",
  "insights/local-engine/local-logs-worker": "src/insights/local-engine/local-logs-worker.ts",
};

/**
 * Modules Bolt requires at load time that klaxon's HTTP mode never runs: Socket Mode (with undici and ws), the
 * Express receiver (with express, body-parser and mime-db), OAuth (with jsonwebtoken), and the character-set
 * tables raw-body loads for bodies that declare an encoding (Bolt declares none). Together they were over half of
 * the bytes a start compiled. They stay out of the bundle: each `require` of one becomes a stand-in that
 * requires the installed module from node_modules (a runtime dependency, present in the image) on first use, so
 * Socket Mode and the rest behave as before. Keyed by the requiring file inside node_modules and the specifier.
 */
export const LAZY_REQUIRES = [
  ["@slack/bolt/dist/App.js", "./receivers/SocketModeReceiver"],
  ["@slack/bolt/dist/index.js", "./receivers/SocketModeReceiver"],
  ["@slack/bolt/dist/index.js", "./receivers/ExpressReceiver"],
  ["@slack/bolt/dist/index.js", "@slack/oauth"],
  ["@slack/bolt/dist/receivers/HTTPReceiver.js", "@slack/oauth"],
  ["raw-body/index.js", "iconv-lite"],
  ["prom-client/lib/metrics/processCpuTotal.js", "@opentelemetry/api"],
];

/** Packages left to Node's own resolution: native addons find their `.node` file relative to themselves. */
const EXTERNAL = ["better-sqlite3"];

/** A placeholder for the `dist/` folder's URL, replaced in each output file by one relative to that file. */
const DIST_URL = "__KLAXON_DIST_URL__";

/**
 * Rewrites `import.meta.url` in klaxon's own sources to the URL the file has in the per-file layout
 * (`dist/config/load-config.js`), so paths relative to it (the sample config, package.json, worker modules,
 * assets next to the code) resolve as before wherever the bundler put the code.
 */
const moduleUrlPlugin = {
  name: "klaxon-module-url",
  setup(build) {
    const src = join(ROOT, "src") + sep;
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (!args.path.startsWith(src)) return undefined;
      const text = readFileSync(args.path, "utf8");
      if (!text.includes("import.meta.url")) return undefined;
      const asJs = relative(src, args.path).split(sep).join("/").replace(/\.ts$/, ".js");
      return {
        contents: text.replaceAll(
          /import\.meta\.url\b/g,
          `new URL(${JSON.stringify(asJs)}, ${DIST_URL}).href`,
        ),
        loader: "ts",
      };
    });
  },
};

/**
 * zod's error messages in 50 languages (`z.locales`, half of zod's bytes): klaxon never switches from English,
 * which zod's schemas import on their own, so the bundle keeps only English there.
 */
const zodLocalesPlugin = {
  name: "klaxon-zod-locales",
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
      contents: 'export { default as en } from "./en.js";\n',
      loader: "js",
    }));
  },
};

/** See {@link LAZY_REQUIRES}. */
const lazyRequirePlugin = {
  name: "klaxon-lazy-require",
  setup(build) {
    const lazy = new Set(LAZY_REQUIRES.map(([from, spec]) => `${from}|${spec}`));
    const inNodeModules = (path) => path.split(`node_modules${sep}`).slice(1).join(`node_modules${sep}`);
    build.onResolve({ filter: /.*/ }, async (args) => {
      if (args.kind !== "require-call" || !args.importer.includes(`node_modules${sep}`)) return undefined;
      const from = inNodeModules(args.importer).split(sep).join("/");
      if (!lazy.has(`${from}|${args.path}`)) return undefined;
      const real = await build.resolve(args.path, { kind: "require-call", resolveDir: args.resolveDir });
      if (real.errors.length > 0) return { errors: real.errors };
      // The module as Node finds it from dist/ at run time: package name and file, e.g. `@slack/oauth/dist/index.js`.
      return { path: inNodeModules(real.path).split(sep).join("/"), namespace: "klaxon-lazy" };
    });
    build.onLoad({ filter: /.*/, namespace: "klaxon-lazy" }, (args) => ({
      // `__esModule` answers without loading, so TypeScript's interop helpers keep the stand-in as it is, and
      // `default` (a receiver class Bolt's index re-exports at load) is a stand-in too until it is constructed.
      contents: `let real;
const load = () => (real ??= __klaxonRuntimeRequire(${JSON.stringify(args.path)}));
const lazyDefault = new Proxy(function () {}, {
  construct: (_, args, newTarget) =>
    Reflect.construct(load().default, args, newTarget === lazyDefault ? load().default : newTarget),
  apply: (_, self, args) => Reflect.apply(load().default, self, args),
  get: (_, key) => Reflect.get(load().default, key),
});
module.exports = new Proxy({}, {
  get: (_, key) => (key === "__esModule" ? true : key === "default" && real === undefined ? lazyDefault : load()[key]),
  has: (_, key) => key in load(),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_, key) => {
    const d = Object.getOwnPropertyDescriptor(load(), key);
    return d && { ...d, configurable: true };
  },
});
`,
      loader: "js",
    }));
  },
};

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

/**
 * Fails when a module starts a worker (`workerEntry(import.meta.url, "name")`) whose file is not in
 * {@link ENTRIES}: the bundle would have no file there, and the worker would fail only when first started.
 */
function checkWorkerEntries(root) {
  const src = join(root, "src");
  for (const file of filesUnder(src).filter((f) => f.endsWith(".ts"))) {
    const text = readFileSync(join(src, file), "utf8");
    for (const m of text.matchAll(/workerEntry\(import\.meta\.url, "([\w-]+)"\)/g)) {
      const out = join(dirname(file), m[1] ?? "")
        .split(sep)
        .join("/");
      if (!(out in ENTRIES))
        throw new Error(
          `src/${file} starts the worker src/${out}.ts, which is not in ENTRIES in scripts/build.mjs`,
        );
    }
  }
}

/**
 * Builds `dist/` from `src/` (removing what was there): the bundle, its source maps, and every file under `src/`
 * that is not TypeScript (assets read at run time), copied to the same place. Throws when esbuild fails.
 */
export async function build(root = ROOT, dist = join(root, "dist")) {
  checkWorkerEntries(root);
  const esbuild = await import(createRequire(join(root, "package.json")).resolve("esbuild"));
  rmSync(dist, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: Object.entries(ENTRIES).map(([out, file]) => ({ in: file, out })),
    outdir: dist,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    external: EXTERNAL,
    sourcemap: true,
    sourcesContent: false,
    write: false,
    logLevel: "warning",
    legalComments: "none",
    // A third fewer bytes to compile and keep as source; names stay, so stack traces still read (and map back to
    // src/ with --enable-source-maps, as the image runs it).
    minifyWhitespace: true,
    minifySyntax: true,
    chunkNames: "chunks/[name]-[hash]",
    // Bundled CommonJS packages call require() (Node's built-in modules, the external ones); ESM has none.
    banner: {
      js: 'import { createRequire as __klaxonRequire } from "node:module"; const require = __klaxonRequire(import.meta.url); const __klaxonRuntimeRequire = require;',
    },
    metafile: process.env.KLAXON_BUILD_METAFILE !== undefined,
    plugins: [moduleUrlPlugin, lazyRequirePlugin, zodLocalesPlugin],
  });
  for (const file of result.outputFiles) {
    mkdirSync(dirname(file.path), { recursive: true });
    if (!file.path.endsWith(".js")) {
      writeFileSync(file.path, file.contents);
      continue;
    }
    const up = relative(dirname(file.path), dist).split(sep).join("/");
    const base = up === "" ? "./" : `${up}/`;
    writeFileSync(
      file.path,
      file.text.replaceAll(DIST_URL, `new URL(${JSON.stringify(base)}, import.meta.url)`),
    );
  }
  if (result.metafile) writeFileSync(process.env.KLAXON_BUILD_METAFILE, JSON.stringify(result.metafile));
  const src = join(root, "src");
  for (const file of filesUnder(src)) {
    if (file.endsWith(".ts")) continue;
    mkdirSync(dirname(join(dist, file)), { recursive: true });
    cpSync(join(src, file), join(dist, file));
  }
  if (!existsSync(join(dist, "start.js"))) throw new Error("esbuild wrote no dist/start.js");
}

// `node scripts/build.mjs [out-dir]`: dist/ unless another folder is named (the packaging tests build elsewhere).
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  build(ROOT, process.argv[2] ?? join(ROOT, "dist")).catch((error) => {
    process.stderr.write(`klaxon: the build failed: ${error instanceof Error ? error.message : error}\n`);
    process.exitCode = 1;
  });
}
