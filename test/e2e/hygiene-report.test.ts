import { afterEach, describe, expect, it } from "vitest";
import { BASE_CONFIG, type Harness, latencyAlarm, startHarness, waitFor } from "../support/harness.js";

const START = Date.parse("2026-11-20T11:50:00.000Z");
const CONFIG = `${BASE_CONFIG.replace(
  "  - match: { namespace: AWS/ApplicationELB }",
  "  - name: web\n    match: { namespace: AWS/ApplicationELB }",
)}
reports:
  channel: "#ops"
  weekly: "Fri 11:00 UTC"
`;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("alarm-hygiene report, end to end", () => {
  it("answers /klaxon report with per-route and per-service figures and a chart, and posts the weekly report once", async () => {
    // Prepare: one episode acknowledged after 2 min and resolved after 10 min; one never acknowledged.
    let now = START;
    const startedAt = performance.now();
    const clock = () => new Date(now + (performance.now() - startedAt));
    h = await startHarness({
      config: CONFIG,
      clock,
      overrides: { escalationSweepMs: 20 },
    });
    const slack = h.slack;
    const web = slack.createChannel("inc-web").id;
    const ops = slack.createChannel("ops").id;
    await h.notify(latencyAlarm("ALARM", new Date(START).toISOString()));
    await waitFor(() => slack.messages(web).length === 1, "the alarm post");
    now += 120_000;
    await slack.sendBlockAction({
      channelId: web,
      userId: "U0ALICE",
      messageTs: slack.messages(web)[0]?.ts ?? "",
      actions: [{ action_id: "ack" }],
    });
    await waitFor(() => JSON.stringify(slack.messages(web)[0]?.blocks).includes("U0ALICE"), "the ack");
    now += 480_000;
    expect((await h.notify(latencyAlarm("OK", clock().toISOString()))).text).toBe("stored");
    expect((await h.notify(latencyAlarm("ALARM", clock().toISOString(), "axonflow-5xx"))).text).toBe(
      "stored",
    );
    await waitFor(() => slack.messages(web).length === 2, "the second alarm");

    // Act
    await slack.sendSlashCommand({
      command: "/klaxon",
      text: "report 7d web",
      channelId: web,
      userId: "U0BOB",
    });

    // Assess
    await waitFor(() => slack.messages(web).some((m) => m.text.includes("Alarm hygiene")), "the report");
    const report = slack.messages(web).find((m) => m.text.includes("Alarm hygiene"))?.text ?? "";
    expect(report).toContain("Alarm hygiene, last 7 days: web");
    expect(report).toContain("2 episodes in 7 days");
    expect(report).toContain("*route web* — 2 episodes");
    expect(report).toContain("ack median 2 min");
    expect(report).toContain("resolve median 10 min");
    expect(report).toContain("never acknowledged: axonflow-5xx");
    expect(report).toContain("without a runbook: axonflow-5xx, axonflow-high-latency");
    expect(report).toContain("noisiest: axonflow-5xx (1, 1/week)");
    await waitFor(() => slack.callsTo("files.completeUploadExternal").length >= 1, "the chart upload");

    await waitFor(
      () => slack.messages(ops).some((m) => m.text.includes("Alarm hygiene, last 7 days")),
      "weekly",
    );
    expect(slack.messages(ops).filter((m) => m.text.includes("Alarm hygiene"))).toHaveLength(1);
    expect(await h.bot.store.claimOnce("report#2026-11-20T11:00:00.000Z", new Date(now))).toBe(false);
  });
});
