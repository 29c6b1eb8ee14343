/**
 * Prints the source tree's import graph summary: files, imports, import cycles, and imports that break the
 * layering (a core folder of `CORE_FOLDERS` reaching into Slack or HTTP; anything but the command line importing
 * the composition root). `npm run graph`; exits 1 when either list is not empty, as the architecture test fails.
 */
import { fileURLToPath } from "node:url";
import {
  findCycles,
  findLayerBreaks,
  graphSize,
  LAYER_RULES,
  readImportGraph,
} from "../test/support/import-graph.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const graph = readImportGraph(root, ["src"]);
const { files, edges } = graphSize(graph);
const cycles = findCycles(graph);
const breaks = findLayerBreaks(graph, LAYER_RULES);
console.log(`${files} files, ${edges} imports, ${cycles.length} cycles, ${breaks.length} layer breaks`);
for (const cycle of cycles) console.log(`cycle: ${cycle.join(" <-> ")}`);
for (const line of breaks) console.log(`break: ${line}`);
process.exitCode = cycles.length + breaks.length > 0 ? 1 : 0;
