/**
 * The outbox-backlog metric. klaxon exports `klaxon_outbox_pending` on `GET /metrics` (Prometheus text); a small
 * sidecar, the klaxon image running this script, reads it once a minute and prints one JSON line. The awslogs
 * driver ships that line with the rest of the task's logs (the execution role already may), and a CloudWatch Logs
 * metric filter turns `value` into the `Klaxon/OutboxPending` metric. Chosen over the CloudWatch agent because
 * the agent would need logs/metrics write permissions on the task role, which must hold only what klaxon calls,
 * and over EMF from klaxon itself because it needs no change to the bot.
 */

/** What the sidecar prints, and what the metric filter matches. */
export const OUTBOX_METRIC = {
  field: "klaxon_outbox_pending",
  namespace: "Klaxon",
  name: "OutboxPending",
} as const;

/**
 * The sidecar program, run as `node -e`. Reads `KLAXON_METRICS_URL`, labels each line with
 * `KLAXON_SERVICE_NAME` (the metric's `Service` dimension) and repeats every `KLAXON_SCRAPE_MS` (default 60 s).
 * A failed scrape is printed too, so a silent metric has an explanation next to it.
 */
export const OUTBOX_METRIC_SCRIPT = [
  "const url = process.env.KLAXON_METRICS_URL;",
  "const service = process.env.KLAXON_SERVICE_NAME;",
  "const every = Number(process.env.KLAXON_SCRAPE_MS || 60000);",
  `const line = /^${OUTBOX_METRIC.field} ([0-9.eE+-]{1,40})$/m;`,
  "const scrape = async () => {",
  "  try {",
  "    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });",
  "    const m = line.exec(await res.text());",
  `    if (m) console.log(JSON.stringify({ metric: "${OUTBOX_METRIC.field}", service, value: Number(m[1]) }));`,
  `    else console.log(JSON.stringify({ metric: "scrape_failed", service, error: "status " + res.status + ", no ${OUTBOX_METRIC.field} line" }));`,
  "  } catch (error) {",
  '    console.log(JSON.stringify({ metric: "scrape_failed", service, error: String(error) }));',
  "  }",
  "};",
  "setInterval(scrape, every);",
  "scrape();",
].join("\n");
