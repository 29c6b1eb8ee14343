import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { checklistBlockId } from "../../src/slack/blocks/checklist-message.js";
import {
  BASE_CONFIG,
  clockFrom,
  type Harness,
  latencyAlarm,
  startHarness,
  waitFor,
} from "../support/harness.js";

const SAMPLE_LOGS = fileURLToPath(new URL("../../samples/logs", import.meta.url));
const CONFIG = `${BASE_CONFIG.replace(
  `    severity: high`,
  `    severity: high
    runbook: latency
    service: axonflow-api`,
)}
insights:
  pollIntervalMs: 10
runbooks:
  publicUrl: https://klaxon.example.test
services:
  axonflow-api:
    logGroups: ["/axonflow/production"]
    idFields: [request_id]
    messageField: message
    levelField: level
    errorLevels: [error]
`;
const RUNBOOK = `---
title: AxonFlow latency
checklist:
  - Check the load balancer
  - Confirm recovery
  - text: Slow requests
    query: { template: slow, params: { threshold_ms: 3000 } }
queries:
  slow:
    description: Slow requests
    logGroups: [/axonflow/production]
    query: "fields @timestamp, service, latency_ms | filter latency_ms > {{threshold_ms}} | sort latency_ms desc | limit 5"
    params: { threshold_ms: { type: int, min: 1 } }
---
# AxonFlow latency
`;
// Inside the committed sample logs' window, which has an error spike in the last hour before 12:00.
const ALARM_TIME = "2026-11-20T11:50:00.000Z";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function channelId(h: Harness, name: string): string {
  return h.slack.channels().find((c) => c.name === name)?.id ?? "";
}

describe("runbook checklist in the alarm thread, end to end", () => {
  it("posts the checklist and a first look in the thread, keeps ticks with who/when across a restart, runs a step's query, acknowledges", async () => {
    h = await startHarness({
      config: CONFIG,
      env: { KLAXON_LOGS_DIR: SAMPLE_LOGS },
      files: { "runbooks/latency.md": RUNBOOK },
      clock: clockFrom(ALARM_TIME, 5 * 60_000),
    });
    const slack = h.slack;
    await h.notify(latencyAlarm("ALARM", ALARM_TIME));
    await waitFor(
      () => slack.callsTo("chat.postMessage").filter((c) => c.ok).length >= 3,
      "root, checklist and first look",
      15_000,
    );
    const channel = channelId(h, "inc-web");
    const root = slack.messages(channel)[0];
    const thread = slack.thread(channel, root?.ts ?? "").filter((m) => m.ts !== root?.ts);
    const checklistMessage = thread.find((m) => m.text.startsWith("Runbook checklist"));
    expect(checklistMessage?.text).toBe("Runbook checklist: AxonFlow latency (0/3 done)");
    expect(JSON.stringify(root?.blocks)).toContain("https://klaxon.example.test/runbooks/latency");
    const firstLook = thread.find((m) => m.text.includes("axonflow-api"));
    expect(firstLook?.text).toMatch(
      /^First look: Errors in axonflow-api: \d+ in the 25 min before the alarm/,
    );

    const blockId =
      JSON.stringify(checklistMessage?.blocks).match(/"block_id":"(rb:[0-9a-f]{16}:0)"/)?.[1] ?? "";
    const checklistIdValue = blockId.split(":")[1] ?? "";
    expect(blockId).toBe(checklistBlockId(checklistIdValue, 0));
    const tick = (user: string, selected: string[]) =>
      slack.sendBlockAction({
        channelId: channel,
        userId: user,
        messageTs: checklistMessage?.ts ?? "",
        threadTs: root?.ts ?? "",
        actions: [{ action_id: "runbook_check", block_id: blockId, selected_values: selected }],
      });
    expect((await tick("U0ALICE", ["check-the-load-balancer"])).status).toBe(200);
    await waitFor(
      async () => (await h?.bot.store.getChecklist(checklistIdValue))?.items[0]?.checkedBy === "U0ALICE",
      "the tick",
    );
    await waitFor(
      () =>
        JSON.stringify(slack.findMessage(channel, checklistMessage?.ts ?? "")?.blocks).includes(
          "1/3 steps done",
        ),
      "the re-render",
    );
    expect(JSON.stringify(slack.findMessage(channel, checklistMessage?.ts ?? "")?.blocks)).toContain(
      "<@U0ALICE>",
    );

    await h.restart();
    const afterRestart = await h.bot.store.getChecklist(checklistIdValue);
    expect(afterRestart?.items[0]).toMatchObject({ checkedBy: "U0ALICE" });

    await tick("U0BOB", ["check-the-load-balancer", "confirm-recovery", "slow-requests"]);
    await waitFor(
      () => slack.thread(channel, root?.ts ?? "").some((m) => m.text.includes("completed by <@U0BOB>")),
      "the completion summary",
    );
    const done = await h.bot.store.getChecklist(checklistIdValue);
    expect(done?.items.map((i) => i.checkedBy)).toEqual(["U0ALICE", "U0BOB", "U0BOB"]);

    await slack.sendBlockAction({
      channelId: channel,
      userId: "U0BOB",
      messageTs: checklistMessage?.ts ?? "",
      threadTs: root?.ts ?? "",
      actions: [{ action_id: "runbook_run_query_0" }],
    });
    await waitFor(
      () => slack.thread(channel, root?.ts ?? "").some((m) => m.text.includes('ran "Slow requests"')),
      "the query result",
    );
    const result = slack.thread(channel, root?.ts ?? "").find((m) => m.text.includes('ran "Slow requests"'));
    expect(JSON.stringify(result?.blocks)).toContain("latency_ms");

    await slack.sendBlockAction({
      channelId: channel,
      userId: "U0ALICE",
      messageTs: root?.ts ?? "",
      actions: [{ action_id: "ack" }],
    });
    await waitFor(
      () => slack.thread(channel, root?.ts ?? "").some((m) => m.text.includes("Acknowledged by <@U0ALICE>")),
      "the ack reply",
    );
    await waitFor(
      () => JSON.stringify(slack.findMessage(channel, root?.ts ?? "")?.blocks).includes("U0ALICE"),
      "ack on the message",
    );

    const looks = () =>
      slack.thread(channel, root?.ts ?? "").filter((m) => m.text.startsWith("First look:")).length;
    const before = looks();
    await slack.sendBlockAction({
      channelId: channel,
      userId: "U0BOB",
      messageTs: root?.ts ?? "",
      actions: [{ action_id: "run_first_look" }],
    });
    await waitFor(() => looks() === before + 1, "the first look from the button");
  });
});
