import { fileURLToPath } from "node:url";
import { createLocalLogsBackend } from "../../../../src/insights/local-engine/local-logs-backend.js";
import type { QueryResults } from "../../../../src/insights/logs-query-backend.js";

export const LOGS_DIR = fileURLToPath(new URL("../../../fixtures/insights/logs/", import.meta.url));
/** 2025-12-08 10:00:00 UTC, the start of every fixture file. */
export const FIXTURE_START = 1_765_188_000;
export const DYNAMO_GROUP = "/aws/containerinsights/dfl-prod-default-eks/application";
export const TRADAI_GROUP = "/ecs/tradai-backend-prod";
export const AXONFLOW_GROUP = "/axonflow/production/orchestrator";

/** Runs a query on the fixture logs through the backend port and waits for a terminal status. */
export async function runLocalQuery(
  logGroup: string,
  queryString: string,
  range: { startTime?: number; endTime?: number; limit?: number } = {},
): Promise<QueryResults> {
  const backend = createLocalLogsBackend({ logsDir: LOGS_DIR, clock: () => new Date(FIXTURE_START * 1000) });
  const id = await backend.startQuery({
    logGroupNames: [logGroup],
    queryString,
    startTime: range.startTime ?? FIXTURE_START,
    endTime: range.endTime ?? FIXTURE_START + 3600,
    ...(range.limit === undefined ? {} : { limit: range.limit }),
  });
  for (;;) {
    const results = await backend.getQueryResults(id);
    if (results.status !== "Running") return results;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** Rows as plain objects, for readable exact expectations. */
export function asObjects(results: QueryResults): Record<string, string>[] {
  return results.results.map((row) => Object.fromEntries(row.map((cell) => [cell.field, cell.value])));
}
