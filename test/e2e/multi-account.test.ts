import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type FakeChangesServer, startFakeChangesServer } from "../fakes/fake-changes-server.js";
import {
  type FakeCloudWatchLogsServer,
  startFakeCloudWatchLogsServer,
} from "../fakes/fake-cloudwatch-logs-server.js";
import { type FakeCloudWatchServer, startFakeCloudWatchServer } from "../fakes/fake-cloudwatch-server.js";
import {
  accountOfKey,
  assumedKeyFor,
  type FakeStsServer,
  startFakeStsServer,
} from "../fakes/fake-sts-server.js";
import { type Harness, latencyAlarm, startHarness, TOPIC_ARN, waitFor } from "../support/harness.js";

const OWN_KEY = "AKIDEXAMPLE";
const OWN_ACCOUNT = "123456789012";
const PAYMENTS_ROLE = "arn:aws:iam::111111111111:role/klaxon-read";
const SEARCH_ROLE = "arn:aws:iam::222222222222:role/klaxon-read";
const REGIONS = ["us-east-2", "eu-west-1"] as const;
const ACCOUNTS = ["111111111111", "222222222222", OWN_ACCOUNT] as const;
const T0 = "2026-11-20T10:00:00.000Z";

const own = { credentials: { accessKeyId: OWN_KEY, secretAccessKey: "secret" } };
const ACCOUNTS_CONFIG = `
accounts:
  payments:
    roleArn: ${PAYMENTS_ROLE}
    externalId: ext-payments-01
  "222222222222": { roleArn: "${SEARCH_ROLE}", sessionName: klaxon-e2e }
`;
const CONFIG = `
slack:
  defaultChannel: "#alerts"
  postsPerSecondPerChannel: 10
  metricGraphs: true
sns:
  topicArns: ["${TOPIC_ARN}"]
${ACCOUNTS_CONFIG}
routes:
  - match: { namespace: AWS/ApplicationELB }
    channel: "#inc-web"
    runbook: latency
    service: web
services:
  web:
    logGroups: ["/web/app"]
    idFields: [request_id]
changes:
  waitSeconds: 0
insights:
  pollIntervalMs: 10
`;
const RUNBOOK = `---
title: Latency
checklist:
  - text: Slow requests
    query: { template: slow, params: { threshold_ms: 3000 } }
queries:
  slow:
    description: Slow requests
    logGroups: [/web/app]
    query: "fields @timestamp, latency_ms | filter latency_ms > {{threshold_ms}} | limit 5"
    params: { threshold_ms: { type: int, min: 1 } }
---
# Latency
`;

/** The latency alarm as another account and region would send it. */
function alarmFrom(account: string, region: string, name: string) {
  const base = latencyAlarm("ALARM", T0, name);
  return {
    ...base,
    AWSAccountId: account,
    AlarmArn: `arn:aws:cloudwatch:${region}:${account}:alarm:${name}`,
  };
}

/** The access key a call in this account must be signed with: the role's, or klaxon's own. */
function keyOf(account: string): string {
  if (account === "111111111111") return assumedKeyFor(PAYMENTS_ROLE);
  if (account === "222222222222") return assumedKeyFor(SEARCH_ROLE);
  return OWN_KEY;
}

let sts: FakeStsServer;
let cloudwatch: FakeCloudWatchServer;
let logs: FakeCloudWatchLogsServer;
let changes: FakeChangesServer;
let h: Harness | undefined;

beforeAll(async () => {
  [sts, cloudwatch, logs, changes] = await Promise.all([
    startFakeStsServer(),
    startFakeCloudWatchServer(),
    startFakeCloudWatchLogsServer(),
    startFakeChangesServer(),
  ]);
});
afterEach(async () => {
  await h?.close();
  h = undefined;
  sts.calls.length = 0;
  cloudwatch.reset();
  logs.reset();
  changes.calls.length = 0;
});
afterAll(async () => {
  await Promise.all([sts.close(), cloudwatch.close(), logs.close(), changes.close()]);
});

function start(config: string, logger?: pino.Logger): Promise<Harness> {
  return startHarness({
    config,
    files: { "runbooks/latency.md": RUNBOOK },
    overrides: {
      ...(logger && { logger }),
      aws: {
        sts: { endpoint: sts.url, ...own },
        cloudwatch: { endpoint: cloudwatch.url, ...own },
        logs: { endpoint: logs.url, ...own },
        cloudtrail: { endpoint: changes.url, ...own },
        ecs: { endpoint: changes.url, ...own },
      },
    },
  });
}

const channelId = (harness: Harness, name: string) =>
  harness.slack.channels().find((c) => c.name === name)?.id ?? "";

describe("alarms from many accounts and regions", () => {
  it("draws each alarm's graph, runs its first look, change lookup and Run-button query in its own account and region", async () => {
    // Prepare
    h = await start(CONFIG);
    const harness = h;
    const alarms = ACCOUNTS.flatMap((account) =>
      REGIONS.map((region) => ({ account, region, name: `latency-${account}-${region}` })),
    );

    // Act: six alarms, three accounts in two regions each, through one SNS topic.
    for (const a of alarms)
      expect((await harness.notify(alarmFrom(a.account, a.region, a.name))).status).toBe(200);
    const channel = () => channelId(harness, "inc-web");
    const roots = () => harness.slack.messages(channel());
    await waitFor(() => roots().length === alarms.length, "six alarm posts", 15_000);
    const threadOf = (ts: string) => harness.slack.thread(channel(), ts).filter((m) => m.ts !== ts);
    await waitFor(
      () =>
        roots().every((r) => threadOf(r.ts).some((m) => m.text.startsWith("Runbook checklist"))) &&
        cloudwatch.requests.length === alarms.length &&
        logs.startQueries.length >= alarms.length * 7,
      "checklists, graphs and first looks",
      15_000,
    );
    for (const root of roots()) {
      const checklist = threadOf(root.ts).find((m) => m.text.startsWith("Runbook checklist"));
      await harness.slack.sendBlockAction({
        channelId: channel(),
        userId: "U0ALICE",
        messageTs: checklist?.ts ?? "",
        threadTs: root.ts,
        actions: [{ action_id: "runbook_run_query_0" }],
      });
    }
    await waitFor(
      () => roots().every((r) => threadOf(r.ts).some((m) => m.text.includes('ran "Slow requests"'))),
      "the Run-button answers",
      15_000,
    );

    // Assess: the console button names the account to switch to for accounts reached through a role.
    for (const root of roots()) {
      const account = /latency-(\d{12})-/.exec(root.text)?.[1] ?? "";
      const switchTo = `Open in CloudWatch (switch to ${account})`;
      expect(JSON.stringify(root.blocks).includes(switchTo), root.text).toBe(account !== OWN_ACCOUNT);
    }
    // Each graph was drawn in the alarm's region with its account's credentials.
    for (const a of alarms) {
      const graph = cloudwatch.requests.find((r) => r.widget.title === a.name);
      expect(graph, a.name).toMatchObject({ signingRegion: a.region, accessKeyId: keyOf(a.account) });
    }
    // Every (account, region) ran its own first look and Run-button query there, and was polled there.
    const signers = (qs: readonly { region: string; accessKeyId: string }[]) =>
      [...new Set(qs.map((q) => `${q.accessKeyId}@${q.region}`))].sort();
    const expected = alarms.map((a) => `${keyOf(a.account)}@${a.region}`).sort();
    const isRun = (q: { queryString: string }) => q.queryString.includes("latency_ms > 3000");
    expect(signers(logs.startQueries.filter((q) => !isRun(q)))).toEqual(expected);
    const runQueries = logs.startQueries.filter(isRun);
    expect(runQueries).toHaveLength(alarms.length);
    expect(signers(runQueries)).toEqual(expected);
    for (const poll of logs.polls) {
      const started = logs.startQueries.find((q) => q.queryId === poll.queryId);
      expect(`${poll.accessKeyId}@${poll.region}`).toBe(`${started?.accessKeyId}@${started?.region}`);
    }
    // "What changed" read each alarm's own trail.
    const trails = changes.calls.filter((c) => c.operation === "LookupEvents");
    expect(signers(trails)).toEqual(expected);
    // Roles were assumed with klaxon's own credentials, in the data's region, with the configured details.
    expect(sts.calls.every((c) => c.callerAccessKeyId === OWN_KEY)).toBe(true);
    expect(
      [...new Set(sts.calls.map((c) => `${c.roleArn}|${c.region}|${c.externalId}|${c.sessionName}`))].sort(),
    ).toEqual(
      [
        `${PAYMENTS_ROLE}|eu-west-1|ext-payments-01|klaxon`,
        `${PAYMENTS_ROLE}|us-east-2|ext-payments-01|klaxon`,
        `${SEARCH_ROLE}|eu-west-1|undefined|klaxon-e2e`,
        `${SEARCH_ROLE}|us-east-2|undefined|klaxon-e2e`,
      ].sort(),
    );
    expect(accountOfKey(keyOf("111111111111"))).toBe("111111111111");
  });

  it("routes by the alarm's tags read in its own account, and routes as untagged (logged once) when the read is denied", async () => {
    // Prepare
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: "warn" }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const config = CONFIG.replace(
      "routes:\n",
      `routes:
  - match: { tags: { team: pay* } }
    channel: "#inc-payments"
`,
    ).replace("  metricGraphs: true", "  metricGraphs: false");
    const tagged = alarmFrom("111111111111", "eu-west-1", "payments-latency");
    const denied = alarmFrom("222222222222", "us-east-2", "search-latency");
    cloudwatch.setTags(tagged.AlarmArn, { team: "payments" });
    cloudwatch.setTags(denied.AlarmArn, { team: "payments" });
    cloudwatch.denyTagsFor(assumedKeyFor(SEARCH_ROLE));
    h = await start(config, logger);
    const harness = h;

    // Act: each alarm twice (ALARM, then OK), so the second sees the cache.
    for (const alarm of [tagged, denied]) {
      await harness.notify(alarm);
      await harness.notify({ ...alarm, NewStateValue: "OK", OldStateValue: "ALARM" });
    }
    await waitFor(
      () =>
        harness.slack.messages(channelId(harness, "inc-payments")).length === 1 &&
        harness.slack.messages(channelId(harness, "inc-web")).length === 1,
      "both alarm posts",
    );

    // Assess
    expect(harness.slack.messages(channelId(harness, "inc-payments"))[0]?.text).toContain("payments-latency");
    expect(harness.slack.messages(channelId(harness, "inc-web"))[0]?.text).toContain("search-latency");
    expect(cloudwatch.tagRequests).toEqual([
      { resourceArn: tagged.AlarmArn, region: "eu-west-1", accessKeyId: assumedKeyFor(PAYMENTS_ROLE) },
      { resourceArn: denied.AlarmArn, region: "us-east-2", accessKeyId: assumedKeyFor(SEARCH_ROLE) },
    ]);
    const warnings = lines.filter((l) => String(l.msg).startsWith("could not read the alarm's tags"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ alarmArn: denied.AlarmArn, region: "us-east-2" });
  });
});
