import { describe, expect, it } from "vitest";
import { parseAlarm } from "../../../src/alarms/parse-alarm.js";
import { applyNotification } from "../../../src/incidents/apply-notification.js";
import type { Episode } from "../../../src/incidents/episode.js";
import { renderEpisode, runbookUrl } from "../../../src/slack/render-episode.js";
import { loadAlarmFixture } from "../alarms/alarm-fixtures.js";

/** Every real payload, through parse → episode → message, as the pipeline renders it. */
const CASES: [fixture: string, expected: RegExp[]][] = [
  [
    "cw-alarm-sns-http-threshold-ALARM-from-INSUFFICIENT_DATA-ec2-cpu-seoul-cloudforet.json",
    [/CPUUtilization/, /ap-northeast-2/],
  ],
  ["cw-alarm-sns-http-threshold-ALARM-from-INSUFFICIENT_DATA-s3-alerta.json", [/AWS\/S3/]],
  ["cw-alarm-sns-http-INSUFFICIENT_DATA-from-ALARM-alerta.json", [/INSUFFICIENT_DATA/]],
  ["cw-alarm-sns-lambda-metric-math-ALARM-assertible.json", [/expression|Expression|e1|m1/]],
  [
    "cw-alarm-sns-lambda-anomaly-detection-OK-GreaterThanUpperThreshold-ohio.json",
    [/anomaly|band/i, /us-east-2/],
  ],
  ["cw-alarm-sns-lambda-threshold-ALARM-legacy2016-assertible.json", [/us-west-2/]],
  ["eventbridge-cw-alarm-state-change-single-metric-awsdocs.json", [/CPUUtilization|metric/i]],
  ["eventbridge-cw-alarm-state-change-metric-math-awsdocs.json", [/e1|expression/i]],
  ["eventbridge-cw-alarm-state-change-anomaly-detection-awsdocs.json", [/ANOMALY_DETECTION_BAND|band/i]],
  ["eventbridge-cw-alarm-state-change-composite-actions-suppressed-awsdocs.json", [/ALARM\(|rule|Rule/]],
  [
    "eventbridge-cw-alarm-state-change-INSUFFICIENT_DATA-billing-real.json",
    [/INSUFFICIENT_DATA/, /Billing|EstimatedCharges/],
  ],
  ["eventbridge-cw-alarm-contributor-state-change-metrics-insights-awsdocs.json", [/ALARM|OK/]],
];

function episodeFor(fixture: string): Episode {
  const { inner, topicArn } = loadAlarmFixture(fixture);
  const parsed = parseAlarm(inner, topicArn === undefined ? {} : { topicArn });
  if (!parsed.ok) throw new Error(`${fixture}: ${parsed.error.message}`);
  // OK payloads never open an episode; render them as the close of an ALARM episode, as the pipeline would.
  const opened = applyNotification(
    {},
    { ...parsed.value, state: parsed.value.state === "OK" ? "ALARM" : parsed.value.state },
    {
      channel: "#inc",
      runbook: "high-latency",
      mention: "@here",
    },
  );
  if (!opened.episode) throw new Error("no episode");
  if (parsed.value.state !== "OK") return opened.episode;
  return (
    applyNotification({ openEpisode: opened.episode }, parsed.value, { channel: "#inc" }).episode ??
    opened.episode
  );
}

describe("renderEpisode over every real alarm payload", () => {
  it.each(CASES)("renders %s within Block Kit limits with its trigger and links", (fixture, expected) => {
    const message = renderEpisode(episodeFor(fixture), (name) =>
      runbookUrl(name, { publicUrl: "https://klaxon.test" }),
    );
    const json = JSON.stringify(message.blocks);
    expect(message.blocks?.length).toBeLessThanOrEqual(50);
    expect(message.text.length).toBeGreaterThan(0);
    for (const re of expected) expect(json).toMatch(re);
    expect(json).toContain("https://klaxon.test/runbooks/high-latency");
  });

  it("mentions the route only while the episode is open", () => {
    const open = renderEpisode(episodeFor(CASES[0]?.[0] ?? ""), () => undefined);
    const resolved = renderEpisode(
      episodeFor("cw-alarm-sns-lambda-anomaly-detection-OK-GreaterThanUpperThreshold-ohio.json"),
      () => undefined,
    );
    expect(JSON.stringify(open.blocks)).toContain("<!here>");
    expect(JSON.stringify(resolved.blocks)).not.toContain("<!here>");
  });
});

describe("renderEpisode for alarms in other accounts", () => {
  const fixture = "cw-alarm-sns-lambda-threshold-ALARM-legacy2016-assertible.json";

  it("names the account to switch to on the console button when klaxon reaches it through a role", () => {
    // Prepare
    const episode = episodeFor(fixture);
    const account = episode.alarm.accountId ?? "";
    // Act
    const other = JSON.stringify(
      renderEpisode(
        episode,
        () => undefined,
        (id) => id === account,
      ).blocks,
    );
    const own = JSON.stringify(
      renderEpisode(
        episode,
        () => undefined,
        () => false,
      ).blocks,
    );
    // Assess
    expect(account).toMatch(/^\d{12}$/);
    expect(other).toContain(`Open in CloudWatch (switch to ${account})`);
    expect(own).toContain('"Open in CloudWatch"');
    expect(own).not.toContain("switch to");
  });
});
