import { afterEach, describe, expect, it } from "vitest";
import {
  BASE_CONFIG,
  clockFrom,
  type Harness,
  latencyAlarm,
  startHarness,
  waitFor,
} from "../support/harness.js";

const ALARM_TIME = "2026-11-20T11:50:00.000Z";
const CONFIG = `${BASE_CONFIG.replace(
  `    severity: high`,
  `    severity: high
    runbook: latency`,
)}
runbooks:
  publicUrl: https://klaxon.example.test
`;
const RUNBOOK = `---
title: AxonFlow latency
checklist:
  - Check the load balancer
  - Roll back the deploy
---
# AxonFlow latency
`;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("incident timeline and postmortem draft, end to end", () => {
  it("posts a summary and a Markdown draft with every section on Resolve, and again from the Timeline button", async () => {
    // Prepare: an alarm, a tick, a human message in the thread.
    h = await startHarness({
      config: CONFIG,
      clock: clockFrom(ALARM_TIME, 60_000),
      files: { "runbooks/latency.md": RUNBOOK },
    });
    const slack = h.slack;
    await h.notify(latencyAlarm("ALARM", ALARM_TIME));
    const channelId = () => slack.channels().find((c) => c.name === "inc-web")?.id ?? "";
    const checklistIn = (ch: string) =>
      slack.thread(ch, slack.messages(ch)[0]?.ts ?? "").find((m) => m.text.startsWith("Runbook checklist"));
    await waitFor(() => checklistIn(channelId()) !== undefined, "the checklist", 15_000);
    const channel = channelId();
    const root = slack.messages(channel)[0];
    const checklist = checklistIn(channel);
    const blockId = JSON.stringify(checklist?.blocks).match(/"block_id":"(rb:[0-9a-f]{16}:0)"/)?.[1] ?? "";
    await slack.sendBlockAction({
      channelId: channel,
      userId: "U0ALICE",
      messageTs: checklist?.ts ?? "",
      threadTs: root?.ts ?? "",
      actions: [
        { action_id: "runbook_check", block_id: blockId, selected_values: ["check-the-load-balancer"] },
      ],
    });
    await waitFor(
      () => JSON.stringify(slack.findMessage(channel, checklist?.ts ?? "")?.blocks).includes("1/2"),
      "the tick",
    );
    const episodeId =
      (root?.blocks ?? [])
        .flatMap((b) => (b as { elements?: { action_id?: string; value?: string }[] }).elements ?? [])
        .find((e) => e.action_id === "resolve")?.value ?? "";
    expect(episodeId).toContain("axonflow-high-latency#");

    // Act
    await slack.sendBlockAction({
      channelId: channel,
      userId: "U0BOB",
      messageTs: root?.ts ?? "",
      actions: [{ action_id: "resolve", value: episodeId }],
    });

    // Assess
    const summaries = () =>
      slack.thread(channel, root?.ts ?? "").filter((m) => m.text.startsWith("Incident timeline"));
    await waitFor(() => summaries().length === 1, "the summary");
    await waitFor(
      () => slack.thread(channel, root?.ts ?? "").some((m) => (m.files?.length ?? 0) > 0),
      "the draft",
    );
    const summary = JSON.stringify(summaries()[0]?.blocks);
    expect(summary).toContain("Responders: <@U0ALICE>, <@U0BOB>");
    expect(summary).toContain("Checklist: 1/2 steps done (1 open follow-ups)");
    const file = slack.thread(channel, root?.ts ?? "").find((m) => (m.files?.length ?? 0) > 0)?.files?.[0];
    const draft = slack.fileContent(file?.id ?? "")?.toString("utf8") ?? "";
    for (const section of [
      "# Postmortem draft: axonflow-high-latency",
      "## Summary",
      "## Detection",
      "## Timeline",
      "## Response",
      "## Open follow-ups",
      "## Root cause",
      "## Actions",
    ]) {
      expect(draft).toContain(section);
    }
    expect(draft).toMatch(/@U0ALICE: Ticked "Check the load balancer"/);
    expect(draft).toMatch(/@U0BOB: Resolved by hand/);
    expect(draft).toContain("- [ ] Roll back the deploy");

    // The resolved message offers the timeline again.
    await waitFor(
      () =>
        JSON.stringify(slack.findMessage(channel, root?.ts ?? "")?.blocks).includes('"action_id":"timeline"'),
      "the Timeline button",
    );
    await slack.sendBlockAction({
      channelId: channel,
      userId: "U0CAROL",
      messageTs: root?.ts ?? "",
      actions: [{ action_id: "timeline", value: episodeId }],
    });
    await waitFor(() => summaries().length === 2, "the second summary");
  });
});
