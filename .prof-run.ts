import { runHostileErrors } from "./test/e2e/run-hostile-errors.js";
for (let i = 0; i < 2; i++) {
const run = await runHostileErrors(250);
console.log("errors", run.errorsMs.toFixed(0), "probes", run.probes.latenciesMs.map((x) => x.toFixed(0)).join(" "));
}
