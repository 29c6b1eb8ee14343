import { afterEach, describe, expect, it } from "vitest";
import { BASE_CONFIG, type Harness, latencyAlarm, startHarness, waitFor } from "../support/harness.js";

const START = Date.parse("2026-11-20T11:50:00.000Z");

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const homeText = (h: Harness, user: string): string => JSON.stringify(h.slack.homeView(user)?.blocks ?? []);

describe("App Home, end to end", () => {
  it("publishes open episodes by channel, active mutes and the report headline, and refreshes after changes", async () => {
    // Prepare
    const startedAt = performance.now();
    const clock = () => new Date(START + 5 * 60_000 + (performance.now() - startedAt));
    h = await startHarness({ config: BASE_CONFIG, clock });
    const slack = h.slack;
    const web = slack.createChannel("inc-web").id;
    await h.notify(latencyAlarm("ALARM", new Date(START).toISOString()));
    await waitFor(() => slack.messages(web).length === 1, "the alarm post");

    // Act
    const answer = await slack.openAppHome("U0ALICE");

    // Assess
    expect(answer.status).toBe(200);
    await waitFor(() => slack.homeView("U0ALICE") !== undefined, "the Home tab");
    const first = homeText(h, "U0ALICE");
    expect(slack.homeView("U0ALICE")?.type).toBe("home");
    expect(first).toContain("1 open episode");
    expect(first).toContain("#inc-web");
    expect(first).toContain("axonflow-high-latency");
    expect(first).toContain(":red_circle: ALARM for 5 min");
    expect(first).toContain("not acknowledged");
    expect(first).toContain(`/archives/${web}/p`);
    expect(first).toContain("Mute windows:* none active");
    expect(first).toContain("Alarm hygiene, last 7 days:* 1 episodes in 7 days");

    // Act: a change (a mute) refreshes the open Home tab, debounced.
    await slack.sendSlashCommand({
      command: "/klaxon",
      text: "mute batch-* 1h nightly",
      channelId: web,
      userId: "U0ALICE",
    });

    // Assess
    await waitFor(
      () => homeText(h as Harness, "U0ALICE").includes("nightly"),
      "the refreshed Home tab",
      12_000,
    );
    expect(homeText(h, "U0ALICE")).toContain("1 active");
    expect(slack.callsTo("views.publish").length).toBe(2);
  });
});
