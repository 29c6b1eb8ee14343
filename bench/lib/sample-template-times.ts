import { fileURLToPath } from "node:url";
import { loadConfig } from "../../src/config/load-config.js";
import { prepareConfig } from "../../src/config/prepare-config.js";
import type { ParamConfig } from "../../src/config/schema.js";
import { bindParams } from "../../src/insights/bind-params.js";
import { createLocalLogsBackend, listLogGroups } from "../../src/insights/local-engine/local-logs-backend.js";
import { renderQuery } from "../../src/insights/query-template.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** The sample logs cover 2026-11-20 06:00–12:00 UTC. */
const START = Date.UTC(2026, 10, 20, 6, 0, 0) / 1000;
const END = Date.UTC(2026, 10, 20, 12, 0, 0) / 1000;

/** A value every parameter accepts: its default, else the first enum value or a plain placeholder. */
function sampleValue(param: ParamConfig): string {
  if (param.default !== undefined) return String(param.default);
  if (param.type === "enum") return param.values[0] ?? "";
  if (param.type === "int") return "1";
  if (param.type === "duration") return "5m";
  return "sample";
}

/** One template's time on the sample logs. */
export interface TemplateTime {
  readonly name: string;
  readonly ms: number;
}

/**
 * Runs every template of `klaxon.example.yaml` whose log groups exist in `samples/logs` (and whose parameters
 * take a placeholder) through the local engine over the whole six sample hours, one after another, and returns
 * each one's wall time.
 */
export async function timeSampleTemplates(): Promise<TemplateTime[]> {
  const config = loadConfig({ KLAXON_CONFIG: `${ROOT}klaxon.example.yaml` }, ROOT);
  const prepared = prepareConfig(config.file, config.env.KLAXON_RUNBOOKS_DIR, config.configPath);
  if (!prepared.ok)
    throw new Error(`klaxon.example.yaml: ${prepared.error.map((i) => i.message).join("; ")}`);
  const logsDir = `${ROOT}samples/logs`;
  const known = await listLogGroups(logsDir);
  const backend = createLocalLogsBackend({ logsDir, clock: () => new Date(END * 1000) });
  const times: TemplateTime[] = [];
  for (const template of prepared.value.templates.values()) {
    const groups = template.logGroups.filter((g) => known.has(g));
    if (groups.length === 0) continue;
    const values = bindParams(
      template,
      Object.entries(template.params).map(([name, p]) => [name, sampleValue(p)] as const),
    );
    const query = values.ok ? renderQuery(template, values.value) : values;
    // A parameter with its own pattern (an attack id, a request id) has no placeholder; skip that template.
    if (!query.ok) continue;
    const started = performance.now();
    const id = await backend.startQuery({
      logGroupNames: groups,
      queryString: query.value,
      startTime: START,
      endTime: END,
    });
    for (;;) {
      const r = await backend.getQueryResults(id);
      if (r.status === "Complete") break;
      if (r.status !== "Running") throw new Error(`${template.name} ended ${r.status}`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    times.push({ name: template.name, ms: performance.now() - started });
  }
  return times;
}
