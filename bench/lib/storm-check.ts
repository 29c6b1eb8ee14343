import type { RecordedCall } from "../../src/playground/slack-emulator/emulator-types.js";
import type { SlackEmulator } from "../../src/playground/slack-emulator/slack-emulator.js";
import { openSqliteDatabase } from "../../src/store/open-sqlite-database.js";
import { alarmNameOf } from "./stack.js";

/** How the storm ended, judged from the emulator's stored messages and klaxon's SQLite file. */
export interface StormVerdict {
  /** Alarms whose episodes do not each have exactly one root message, or whose final headline is wrong. */
  readonly lost: number;
  readonly lostExamples: readonly string[];
  readonly episodes: number;
  readonly outboxFailed: number;
  readonly outboxPending: number;
  /** Alarms whose newest episode joined a storm digest (its state shown by the digest, not a root of its own). */
  readonly folded: number;
}

/**
 * Compares Slack with the store: every episode of every alarm must own exactly one top-level message (its
 * `slackTs`), no alarm may have extra top-level messages, and each alarm's newest episode must show the
 * expected headline (ALARM, RESOLVED, INSUFFICIENT DATA). Failed or still-pending outbox rows count as lost.
 */
export function checkStorm(
  slack: SlackEmulator,
  dbPath: string,
  finalLabel: ReadonlyMap<string, string>,
): StormVerdict {
  const roots = new Map<string, { ts: string; text: string }[]>();
  for (const channel of slack.channels()) {
    for (const m of slack.messages(channel.id)) {
      const name = /storm-\d+-c\d+/.exec(m.text)?.[0];
      if (name === undefined) continue;
      roots.set(name, [...(roots.get(name) ?? []), { ts: m.ts, text: m.text }]);
    }
  }
  const db = openSqliteDatabase(dbPath, { readonly: true, fileMustExist: true });
  const rows = db.prepare("SELECT body FROM episodes").all() as { body: string }[];
  const outbox = db.prepare("SELECT status, COUNT(*) AS n FROM outbox GROUP BY status").all() as {
    status: string;
    n: number;
  }[];
  db.close();
  const episodes = new Map<string, { openedAt: string; slackTs?: string; digestId?: string }[]>();
  for (const r of rows) {
    const e = JSON.parse(r.body) as {
      alarm: { name: string };
      openedAt: string;
      slackTs?: string;
      digestId?: string;
    };
    episodes.set(e.alarm.name, [...(episodes.get(e.alarm.name) ?? []), e]);
  }
  const lostExamples: string[] = [];
  let folded = 0;
  for (const [name, label] of finalLabel) {
    const mine = roots.get(name) ?? [];
    const all = episodes.get(name) ?? [];
    // A storm-digest member has no message of its own: the digest lists it.
    const eps = all
      .filter((e) => e.digestId === undefined)
      .sort((a, b) => a.openedAt.localeCompare(b.openedAt));
    const newestOfAll = [...all].sort((a, b) => a.openedAt.localeCompare(b.openedAt)).at(-1);
    // The alarm's newest episode joined a digest: the digest shows its state; its own roots must still be single.
    const inDigest = newestOfAll?.digestId !== undefined;
    if (inDigest) folded++;
    if (inDigest && eps.length === 0 && mine.length === 0) continue;
    const newest = eps.at(-1);
    const newestRoot = mine.find((m) => m.ts === newest?.slackTs);
    const everyEpisodeOnce = eps.every((e) => mine.filter((m) => m.ts === e.slackTs).length === 1);
    const problem =
      eps.length === 0
        ? "no episode stored"
        : mine.length !== eps.length
          ? `${mine.length} root messages for ${eps.length} episodes`
          : !everyEpisodeOnce
            ? "an episode without its root message"
            : !inDigest && !newestRoot?.text.includes(`${label}: ${name}`)
              ? `final message "${newestRoot?.text.slice(0, 60) ?? "none"}" does not say ${label}`
              : undefined;
    if (problem !== undefined) lostExamples.push(`${name}: ${problem}`);
  }
  const count = (status: string) => outbox.find((o) => o.status === status)?.n ?? 0;
  return {
    lost: lostExamples.length + count("failed"),
    lostExamples: lostExamples.slice(0, 5),
    episodes: rows.length,
    outboxFailed: count("failed"),
    outboxPending: count("pending"),
    folded,
  };
}

function keyOf(call: RecordedCall): string {
  const channel = String(call.args.channel ?? "");
  const thread = call.args.thread_ts === undefined ? "" : String(call.args.thread_ts);
  return thread === ""
    ? `${channel}|root|${alarmNameOf(call, "storm") ?? ""}`
    : `${channel}|${thread}|${String(call.args.text)}`;
}

/** 429 answers to `chat.postMessage` not followed by a successful post of the same message (root or reply). */
export function unhandled429s(calls: readonly RecordedCall[]): { total: number; unhandled: number } {
  const posts = calls.filter((c) => c.method === "chat.postMessage");
  let total = 0;
  let unhandled = 0;
  posts.forEach((c, i) => {
    if (c.status !== 429) return;
    total++;
    const key = keyOf(c);
    if (!posts.slice(i + 1).some((later) => later.ok && keyOf(later) === key)) unhandled++;
  });
  return { total, unhandled };
}

/** The most calls any one channel received within any 1-second window. */
export function maxPerChannelPerSecond(calls: readonly RecordedCall[]): number {
  const byChannel = new Map<string, number[]>();
  for (const c of calls) {
    const channel = String(c.args.channel ?? "");
    byChannel.set(channel, [...(byChannel.get(channel) ?? []), c.at.getTime()]);
  }
  let max = 0;
  for (const times of byChannel.values()) {
    times.sort((a, b) => a - b);
    let start = 0;
    for (let end = 0; end < times.length; end++) {
      while ((times[end] ?? 0) - (times[start] ?? 0) >= 1000) start++;
      max = Math.max(max, end - start + 1);
    }
  }
  return max;
}
