import { readFileSync } from "node:fs";
import { describeTrigger } from "../alarms/describe-trigger.js";
import { parseAlarm } from "../alarms/parse-alarm.js";
import { loadConfig } from "../config/load-config.js";
import { prepareConfig } from "../config/prepare-config.js";
import { applyNotification } from "../incidents/apply-notification.js";
import { routeAlarm } from "../routing/route-alarm.js";
import { matchRunbook } from "../runbooks/match-runbook.js";
import { renderEpisode } from "../slack/render-episode.js";
import type { CliIo } from "./cli-io.js";
import { fileProblem } from "./file-problem.js";

/**
 * `klaxon simulate <alarm.json>`: shows what klaxon would do with an alarm payload (CloudWatch SNS message,
 * SNS envelope or EventBridge event) without sending anything: the parsed alarm, the route, the runbook and the
 * Slack message it would post. For testing routing rules before an incident does. A bad config or an unreadable
 * file throws for the command line to report (exit 2); a payload klaxon cannot parse is exit 1.
 */
export function simulateCommand(env: NodeJS.ProcessEnv, args: readonly string[], io: CliIo): number {
  const { out } = io;
  const file = args[0];
  if (!file) {
    io.err("usage: klaxon simulate <alarm.json>");
    return 2;
  }
  const config = loadConfig(env);
  const prepared = prepareConfig(config.file, config.env.KLAXON_RUNBOOKS_DIR, config.configPath);
  const runbooks = prepared.ok ? prepared.value.runbooks : [];
  if (!prepared.ok) io.err(`note: ${prepared.error.length} config problem(s) ignored; run klaxon validate`);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const problem = fileProblem(error, file);
    if (problem === undefined) throw error;
    io.err(`klaxon simulate: ${problem}`);
    return 2;
  }
  const parsed = parseAlarm(text);
  if (!parsed.ok) {
    io.err(`${file}: ${parsed.error.message}`);
    return 1;
  }
  const alarm = parsed.value;
  const route = routeAlarm(alarm, config.file.routes, config.file.slack.defaultChannel);
  const runbook = matchRunbook(alarm, runbooks, route);
  const decision = applyNotification({}, alarm, runbook ? { ...route, runbook: runbook.name } : route);
  out(
    `alarm:    ${alarm.name} (${alarm.state}${alarm.previousState ? ` from ${alarm.previousState}` : ""}) ${alarm.region ?? "?"} ${alarm.accountId ?? "?"}`,
  );
  out(`trigger:  ${describeTrigger(alarm.trigger)}`);
  out(
    `route:    ${route.routeName ?? "(default)"} → ${route.channel}${route.mention ? ` mention ${route.mention}` : ""}${route.severity ? ` severity ${route.severity}` : ""}`,
  );
  out(`runbook:  ${runbook ? `${runbook.name} (${runbook.checklist.length} steps)` : "none"}`);
  out(`episode:  ${decision.ignored ?? decision.effects.map((e) => e.kind).join(", ")}`);
  if (decision.episode)
    out(
      JSON.stringify(
        renderEpisode(decision.episode, (n) => `/runbooks/${n}`),
        null,
        2,
      ),
    );
  return 0;
}
