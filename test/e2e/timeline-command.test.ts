import { afterEach, describe, expect, it } from "vitest";
import { BASE_CONFIG, type Harness, latencyAlarm, startHarness, waitFor } from "../support/harness.js";

const START = Date.parse("2026-11-20T11:50:00.000Z");

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("/klaxon timeline <alarm-name>, end to end", () => {
  it("posts the timeline and draft of the alarm's newest episode in its thread, and explains an unknown name", async () => {
    // Prepare: two episodes of the alarm; the second is the newest.
    const startedAt = performance.now();
    let offset = 0;
    const clock = () => new Date(START + 60_000 + offset + (performance.now() - startedAt));
    h = await startHarness({ config: BASE_CONFIG, clock });
    const slack = h.slack;
    const web = slack.createChannel("inc-web").id;
    await h.notify(latencyAlarm("ALARM", new Date(START).toISOString()));
    await h.notify(latencyAlarm("OK", new Date(START + 30_000).toISOString()));
    offset = 20 * 60_000;
    await h.notify(latencyAlarm("ALARM", new Date(START + 20 * 60_000).toISOString()));
    await waitFor(() => slack.messages(web).length === 2, "two episode posts");
    const newest = slack.messages(web)[1];

    // Act
    await slack.sendSlashCommand({
      command: "/klaxon",
      text: "timeline AXONFLOW-high-latency",
      channelId: web,
      userId: "U0ALICE",
    });
    await slack.sendSlashCommand({
      command: "/klaxon",
      text: "timeline no-such-alarm",
      channelId: web,
      userId: "U0ALICE",
    });

    // Assess
    await waitFor(() => slack.responses().length === 2, "both answers");
    await waitFor(() => slack.callsTo("files.completeUploadExternal").length === 1, "the draft upload");
    const texts = slack.responses().map((r) => r.text ?? "");
    expect(
      texts.some(
        (t) => t.includes("Posted the timeline of *axonflow-high-latency*") && t.includes("12:10 UTC"),
      ),
    ).toBe(true);
    expect(texts.some((t) => t.includes("No posted episode of `no-such-alarm`"))).toBe(true);
    const thread = slack.thread(web, newest?.ts ?? "");
    expect(thread.some((m) => m.text.toLowerCase().includes("timeline"))).toBe(true);
    expect(
      slack
        .thread(web, slack.messages(web)[0]?.ts ?? "")
        .some((m) => m.text.toLowerCase().includes("timeline")),
    ).toBe(false);
  });
});
