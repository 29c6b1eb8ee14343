import type { AwsTarget } from "../aws/aws-accounts.js";
import type { LogsQueryBackend, QueryResults } from "./logs-query-backend.js";

/** Queries remembered at most, so ones nobody polled to the end cannot grow the map without bound. */
const MAX_TRACKED = 10_000;
const FINISHED = new Set(["Complete", "Failed", "Cancelled", "Timeout"]);

/**
 * A {@link LogsQueryBackend} that sends each query to the backend for its account and region
 * (`StartQueryInput.target`, klaxon's own when absent) and later polls and stops it through the same one: a
 * query id only means something to the account and region that started it.
 */
export function createRoutedLogsBackend(
  backendFor: (target: AwsTarget) => LogsQueryBackend,
): LogsQueryBackend {
  const owners = new Map<string, LogsQueryBackend>();
  const ownerOf = (queryId: string) => owners.get(queryId) ?? backendFor({});
  return {
    async startQuery(input) {
      const backend = backendFor(input.target ?? {});
      const queryId = await backend.startQuery(input);
      if (owners.size >= MAX_TRACKED) {
        const oldest = owners.keys().next();
        if (!oldest.done) owners.delete(oldest.value);
      }
      owners.set(queryId, backend);
      return queryId;
    },
    async getQueryResults(queryId): Promise<QueryResults> {
      const results = await ownerOf(queryId).getQueryResults(queryId);
      if (FINISHED.has(results.status)) owners.delete(queryId);
      return results;
    },
    async stopQuery(queryId) {
      const backend = ownerOf(queryId);
      owners.delete(queryId);
      await backend.stopQuery(queryId);
    },
  };
}
