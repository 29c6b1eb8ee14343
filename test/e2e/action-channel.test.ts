import { afterEach, describe, expect, it } from "vitest";
import { type Harness, latencyAlarm, startHarness, waitFor } from "../support/harness.js";

const RUNBOOK = `---
title: Disk full
checklist:
  - Find the largest directories
  - Free space
---
# Disk full
`;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const channelId = (harness: Harness, name: string) =>
  harness.slack.channels().find((c) => c.name === name)?.id ?? "";

/** Posts a copy of a bot message (blocks and all) into another channel, as a forwarded or copied message would be. */
async function copyInto(harness: Harness, channel: string, blocks: unknown): Promise<string> {
  const res = await fetch(`${harness.slack.apiUrl}chat.postMessage`, {
    method: "POST",
    headers: { authorization: `Bearer ${harness.slack.botToken}`, "content-type": "application/json" },
    body: JSON.stringify({ channel, text: "copied", blocks }),
  });
  const json = (await res.json()) as { ok: boolean; ts?: string; error?: string };
  if (!json.ok || json.ts === undefined) throw new Error(`copy failed: ${json.error}`);
  return json.ts;
}

const lastResponseText = (harness: Harness) => harness.slack.responses().at(-1)?.text ?? "";

describe("buttons act only in the channel of their episode or checklist", () => {
  it("refuses Acknowledge and Resolve clicked on a copy of the alarm message in another channel", async () => {
    h = await startHarness();
    const slack = h.slack;
    await h.notify(latencyAlarm("ALARM", new Date().toISOString()));
    await waitFor(
      () => slack.channels().some((c) => c.name === "inc-web" && slack.messages(c.id).length > 0),
      "the alarm message",
    );
    const incident = channelId(h, "inc-web");
    const root = slack.messages(incident)[0];
    await waitFor(async () => (await h?.bot.store.pendingOutboxCount()) === 0, "the outbox to drain");
    const other = slack.createChannel("general").id;
    const copyTs = await copyInto(h, other, root?.blocks);
    const repliesBefore = slack.thread(incident, root?.ts ?? "").length;

    await slack.sendBlockAction({
      channelId: other,
      userId: "U0MALLORY",
      messageTs: copyTs,
      actions: [{ action_id: "ack" }],
    });
    await waitFor(() => lastResponseText(h as Harness).includes("belongs to"), "the refusal");
    const afterAck = lastResponseText(h);
    await slack.sendBlockAction({
      channelId: other,
      userId: "U0MALLORY",
      messageTs: copyTs,
      actions: [{ action_id: "resolve" }],
    });
    await waitFor(() => slack.responses().length >= 2, "the second refusal");

    expect(afterAck).toContain(`belongs to <#${incident}>`);
    expect(afterAck).toContain("nothing was changed");
    expect(slack.responses().every((r) => r.response_type === "ephemeral")).toBe(true);
    const episodeId = JSON.stringify(root?.blocks).match(/"value":"([^"]+)"/)?.[1] ?? "";
    const episode = await h.bot.store.getEpisode(episodeId);
    expect(episode?.status).toBe("open");
    expect(episode?.acknowledgedBy).toBeUndefined();
    expect(await h.bot.store.pendingOutboxCount()).toBe(0);
    expect(slack.thread(incident, root?.ts ?? "")).toHaveLength(repliesBefore);
    expect(slack.messages(other)).toHaveLength(1);

    await slack.sendBlockAction({
      channelId: incident,
      userId: "U0ALICE",
      messageTs: root?.ts ?? "",
      actions: [{ action_id: "ack" }],
    });
    await waitFor(
      async () => (await h?.bot.store.getEpisode(episodeId))?.acknowledgedBy !== undefined,
      "the real ack",
    );
  });

  it("refuses ticks on a copy of a /runbook checklist posted elsewhere, keeping the checklist as it was", async () => {
    h = await startHarness({ files: { "runbooks/disk-full.md": RUNBOOK } });
    const slack = h.slack;
    const ops = slack.createChannel("ops").id;
    await slack.sendSlashCommand({
      command: "/runbook",
      text: "disk-full",
      channelId: ops,
      userId: "U0ALICE",
    });
    await waitFor(() => slack.messages(ops).length === 1, "the checklist");
    const checklist = slack.messages(ops)[0];
    const blockId = JSON.stringify(checklist?.blocks).match(/"block_id":"(rb:[0-9a-f]{16}:0)"/)?.[1] ?? "";
    const checklistId = blockId.split(":")[1] ?? "";
    const other = slack.createChannel("random").id;
    const copyTs = await copyInto(h, other, checklist?.blocks);

    await slack.sendBlockAction({
      channelId: other,
      userId: "U0MALLORY",
      messageTs: copyTs,
      actions: [{ action_id: "runbook_check", block_id: blockId, selected_values: ["free-space"] }],
    });
    await waitFor(() => lastResponseText(h as Harness).includes("belongs to"), "the refusal");

    expect(lastResponseText(h)).toContain(`belongs to <#${ops}>`);
    const stored = await h.bot.store.getChecklist(checklistId);
    expect(stored?.items.map((i) => i.checkedBy)).toEqual([undefined, undefined]);
    expect(stored?.channel).toBe(ops);
    expect(slack.callsTo("chat.update")).toHaveLength(0);
  });
});
