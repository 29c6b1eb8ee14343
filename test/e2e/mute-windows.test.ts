import { afterEach, describe, expect, it } from "vitest";
import { BASE_CONFIG, type Harness, latencyAlarm, startHarness, waitFor } from "../support/harness.js";

const START = Date.parse("2026-11-20T11:50:00.000Z");
const CONFIG = BASE_CONFIG.replace(
  "  - match: { namespace: AWS/ApplicationELB }",
  "  - name: web\n    match: { namespace: AWS/ApplicationELB }",
);
const RUNBOOK =
  "---\ntitle: AxonFlow latency\nchecklist:\n  - Check the load balancer\n---\n# AxonFlow latency\n";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A clock moving at wall-clock speed that the test can also move forward by hand. */
function movableClock() {
  let now = START;
  const startedAt = performance.now();
  return {
    clock: () => new Date(now + (performance.now() - startedAt)),
    advance(ms: number) {
      now += ms;
    },
  };
}

const rootsIn = (h: Harness, channel: string) =>
  h.slack.messages(channel).filter((m) => m.blocks !== undefined && JSON.stringify(m.blocks).includes("ack"));

describe("mute and maintenance windows, end to end", () => {
  it("stores muted alarms without posting, lists them per channel when the window ends, then posts what still fires", async () => {
    // Prepare
    const time = movableClock();
    h = await startHarness({
      config: CONFIG.replace("    severity: high", "    severity: high\n    runbook: latency"),
      clock: time.clock,
      overrides: { escalationSweepMs: 20 },
      files: { "runbooks/latency.md": RUNBOOK },
    });
    const slack = h.slack;
    const web = slack.createChannel("inc-web").id;
    await slack.sendSlashCommand({
      command: "/klaxon",
      text: "mute web 1h planned failover",
      channelId: web,
      userId: "U0ALICE",
    });
    await waitFor(() => slack.messages(web).some((m) => m.text.includes("muted")), "the mute announcement");
    const announcement = slack.messages(web).find((m) => m.text.includes("muted"))?.text ?? "";
    const muteId = /id `(m-[0-9a-f]{8})`/.exec(announcement)?.[1] ?? "";
    expect(announcement).toContain("<@U0ALICE> muted route `web`");
    expect(announcement).toContain("planned failover");

    // Act: two alarms fire during the window; one recovers.
    time.advance(60_000);
    expect((await h.notify(latencyAlarm("ALARM", new Date(START + 60_000).toISOString()))).status).toBe(200);
    await h.notify(latencyAlarm("ALARM", new Date(START + 61_000).toISOString(), "axonflow-5xx"));
    time.advance(60_000);
    await h.notify(latencyAlarm("OK", new Date(START + 120_000).toISOString(), "axonflow-5xx"));
    await slack.sendSlashCommand({ command: "/klaxon", text: "status", channelId: web, userId: "U0BOB" });
    await waitFor(() => slack.responses().some((r) => r.text?.includes("active mute windows: 1")), "status");

    // Assess: stored, not posted.
    const muted = await h.bot.store.mutedEpisodes(muteId);
    expect(muted.map((e) => e.alarm.name).sort()).toEqual(["axonflow-5xx", "axonflow-high-latency"]);
    expect(rootsIn(h, web)).toHaveLength(0);
    expect(slack.responses().find((r) => r.text?.includes("active mute windows"))?.text).toContain(muteId);

    // Act: the window ends.
    time.advance(60 * 60_000);

    // Assess: one summary listing both, then the still-firing alarm posted normally.
    await waitFor(() => rootsIn(h as Harness, web).length === 1, "the released alarm's post", 10_000);
    const summaries = slack.messages(web).filter((m) => m.text.includes(`Mute window \`${muteId}\``));
    expect(summaries).toHaveLength(1);
    expect(summaries[0]?.text).toContain("2 alarms fired");
    expect(summaries[0]?.text).toContain(
      "axonflow-5xx* — first at 11:51 UTC, 1 notification, back to OK after 59 s",
    );
    expect(summaries[0]?.text).toContain(
      "axonflow-high-latency* — first at 11:51 UTC, 1 notification, still in ALARM",
    );
    expect(JSON.stringify(rootsIn(h, web)[0]?.blocks)).toContain("axonflow-high-latency");
    const releasedTs = rootsIn(h, web)[0]?.ts ?? "";
    await waitFor(
      () => slack.thread(web, releasedTs).some((m) => m.text.startsWith("Runbook checklist")),
      "the released episode's checklist",
    );
    const released = muted.find((e) => e.alarm.name === "axonflow-high-latency");
    expect((await h.bot.store.getEpisode(released?.id ?? ""))?.muted).toBeUndefined();
  });

  it("ends a mute early with /klaxon unmute and refuses muting a route to users outside its muteUserGroups", async () => {
    // Prepare
    const time = movableClock();
    const config = CONFIG.replace("    severity: high", "    severity: high\n    muteUserGroups: [S0ONCALL]");
    h = await startHarness({ config, clock: time.clock, overrides: { escalationSweepMs: 20 } });
    const slack = h.slack;
    const web = slack.createChannel("inc-web").id;
    slack.setUserGroup("S0ONCALL", ["U0ALICE"]);

    // Act
    await slack.sendSlashCommand({
      command: "/klaxon",
      text: "mute web 2h",
      channelId: web,
      userId: "U0MALLORY",
    });
    await slack.sendSlashCommand({
      command: "/klaxon",
      text: "mute axonflow-* 2h",
      channelId: web,
      userId: "U0MALLORY",
    });
    await waitFor(
      () => slack.responses().filter((r) => r.text?.includes("You may not mute")).length === 2,
      "refusals",
    );
    await slack.sendSlashCommand({
      command: "/klaxon",
      text: "mute web 2h",
      channelId: web,
      userId: "U0ALICE",
    });
    await waitFor(() => slack.messages(web).some((m) => m.text.includes("muted")), "the mute");
    const muteId = /id `(m-[0-9a-f]{8})`/.exec(slack.messages(web)[0]?.text ?? "")?.[1] ?? "";
    await h.notify(latencyAlarm("ALARM", new Date(START + 1_000).toISOString()));
    await slack.sendSlashCommand({
      command: "/klaxon",
      text: `unmute ${muteId}`,
      channelId: web,
      userId: "U0ALICE",
    });

    // Assess
    await waitFor(() => rootsIn(h as Harness, web).length === 1, "the alarm posted after the unmute", 10_000);
    expect(slack.messages(web).some((m) => m.text.includes(`<@U0ALICE> ended mute \`${muteId}\``))).toBe(
      true,
    );
    expect(slack.messages(web).filter((m) => m.text.includes(`Mute window \`${muteId}\``))).toHaveLength(1);
    await slack.sendSlashCommand({ command: "/klaxon", text: "mutes", channelId: web, userId: "U0ALICE" });
    await waitFor(
      () => slack.responses().some((r) => r.text?.includes("No mute windows are active")),
      "mutes",
    );
  });
});
