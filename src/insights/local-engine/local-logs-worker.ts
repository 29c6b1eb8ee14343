import { workerData } from "node:worker_threads";
import { serveWorkerTasks } from "../../shared/serve-worker-tasks.js";
import type { StartQueryInput } from "../logs-query-backend.js";
import { createLocalLogsBackend } from "./local-logs-backend.js";
import type { LocalLogsWorkerData, StartQueryTask } from "./worker-logs-backend.js";

// The worker thread behind `createWorkerLogsBackend`: one local engine, its queries running here. Time comes
// from the main thread with each start, so the injected clock stays the only source of "now".
const data = workerData as LocalLogsWorkerData;
let now = 0;
const backend = createLocalLogsBackend({
  logsDir: data.logsDir,
  clock: () => new Date(now),
  ...(data.accountId !== undefined && { accountId: data.accountId }),
  ...(data.defaultLimit !== undefined && { defaultLimit: data.defaultLimit }),
});

serveWorkerTasks({
  startQuery: (task) => {
    const { input, nowMs } = task as StartQueryTask;
    now = nowMs;
    return backend.startQuery(input as StartQueryInput);
  },
  getQueryResults: (queryId) => backend.getQueryResults(String(queryId)),
  stopQuery: (queryId) => backend.stopQuery(String(queryId)),
});
