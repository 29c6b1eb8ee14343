import type { AwsClients } from "../aws/create-aws-clients.js";
import { createCloudWatchLogsBackend } from "../insights/cloudwatch-logs-backend.js";
import { createWorkerLogsBackend } from "../insights/local-engine/worker-logs-backend.js";
import type { LogsQueryBackend } from "../insights/logs-query-backend.js";
import { createRoutedLogsBackend } from "../insights/routed-logs-backend.js";
import type { Clock } from "../shared/clock.js";
import type { Logger } from "../shared/logger.js";

/**
 * Where every Logs Insights query runs: the local engine over JSONL files in a worker thread when `logsDir` is
 * set (the playground, KLAXON_LOGS_DIR), otherwise CloudWatch Logs through the client of each query's service's
 * or alarm's account and region. `close` stops the local engine's thread.
 */
export function createLogsBackend(deps: {
  readonly logsDir: string | undefined;
  readonly aws: AwsClients;
  readonly clock: Clock;
  readonly logger: Logger;
}): { readonly backend: LogsQueryBackend; close(): Promise<void> } {
  const { logsDir, clock, logger } = deps;
  if (logsDir) {
    // CPU-heavy work runs in worker threads so /healthz, SNS answers and Slack acks never wait behind it.
    const local = createWorkerLogsBackend({ logsDir, clock, logger });
    logger.info({ logsDir }, "Logs Insights queries run on the local engine over JSONL files");
    return { backend: local, close: () => local.close() };
  }
  // One backend per Logs client, i.e. per account and region pair.
  const backends = new WeakMap<object, LogsQueryBackend>();
  const backend = createRoutedLogsBackend((target) => {
    const client = deps.aws.logsFor(target);
    let b = backends.get(client);
    if (!b) {
      b = createCloudWatchLogsBackend({ client });
      backends.set(client, b);
    }
    return b;
  });
  return { backend, close: async () => {} };
}
