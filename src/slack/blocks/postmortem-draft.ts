import { consoleAlarmUrl } from "../../alarms/console-links.js";
import { describeTrigger } from "../../alarms/describe-trigger.js";
import type { IncidentTimeline } from "../../incidents/build-timeline.js";
import { formatDuration } from "../../shared/format-duration.js";
import { redactSecrets } from "../redact-secrets.js";
import { stripInvisible } from "../safe-text.js";

const MAX_TEXT = 500;

/**
 * Untrusted text for the Markdown file: invisible characters stripped, secrets redacted, Slack and HTML
 * syntax (`<!channel>`, `<@U…>`, tags) turned into look-alike brackets, one line, at most 500 characters.
 */
function md(text: string): string {
  const safe = redactSecrets(stripInvisible(text.slice(0, 4 * MAX_TEXT)))
    .replace(/</g, "‹")
    .replace(/>/g, "›")
    .replace(/\s+/g, " ")
    .trim();
  return safe.length > MAX_TEXT ? `${safe.slice(0, MAX_TEXT - 1)}…` : safe;
}

const who = (user: string | undefined) =>
  user === undefined ? "klaxon" : /^[UW][A-Z0-9]{2,30}$/.test(user) ? `@${user}` : md(user);
const utc = (iso: string) => `${iso.slice(0, 19).replace("T", " ")} UTC`;
const link = (url: string | undefined, label: string) =>
  url !== undefined && /^https:\/\/[^\s()<>]{1,2000}$/.test(url) ? ` ([${label}](${url}))` : "";

/**
 * The postmortem draft uploaded to the alarm thread: summary, detection (alarm, trigger in words, reason,
 * console link, composite children), the whole timeline with who and time relative to the start, the response
 * (checklist ticks and queries run, with links), open follow-ups (unticked steps), and blank root-cause and
 * actions sections for the review. Every untrusted text is redacted and neutralised.
 */
export function renderPostmortemDraft(t: IncidentTimeline): string {
  const e = t.episode;
  const start = Date.parse(t.impactStart);
  const lines: string[] = [`# Postmortem draft: ${md(e.alarm.name)}`, ""];
  lines.push("## Summary", "");
  lines.push(
    `- Impact window: ${utc(t.impactStart)} to ${t.impactEnd !== undefined ? utc(t.impactEnd) : "still open"}${t.impactEnd !== undefined ? ` (${formatDuration(Date.parse(t.impactEnd) - start)})` : ""}`,
  );
  lines.push(
    `- Time to acknowledge: ${t.timeToAcknowledgeMs !== undefined ? formatDuration(t.timeToAcknowledgeMs) : "never acknowledged"}`,
  );
  lines.push(
    `- Time to resolve: ${t.timeToResolveMs !== undefined ? formatDuration(t.timeToResolveMs) : "not resolved yet"}`,
  );
  lines.push(
    `- Responders: ${t.responders.length > 0 ? t.responders.map(who).join(", ") : "nobody acted in Slack"}`,
  );
  if (t.checklist)
    lines.push(
      `- Runbook checklist "${md(t.checklist.title)}": ${t.checklist.done}/${t.checklist.total} steps done`,
    );
  lines.push("", "## Detection", "");
  lines.push(`- Alarm: ${md(e.alarm.name)}${link(consoleAlarmUrl(e.alarm), "console")}`);
  if (e.alarm.description) lines.push(`- Description: ${md(e.alarm.description)}`);
  const trigger = describeTrigger(e.alarm.trigger);
  if (trigger) lines.push(`- Trigger: ${md(trigger)}`);
  if (e.alarm.reason) lines.push(`- Reason: ${md(e.alarm.reason)}`);
  if (e.alarm.region) lines.push(`- Where: ${md(`${e.alarm.accountId ?? "?"} / ${e.alarm.region}`)}`);
  if (e.alarm.trigger.kind === "composite") {
    lines.push("- Child alarms:");
    for (const c of e.alarm.trigger.children) lines.push(`  - ${md(c.name)}${c.state ? `: ${c.state}` : ""}`);
  }
  lines.push("", "## Timeline", "");
  for (const ev of t.events) {
    const offset = Date.parse(ev.at) - start;
    lines.push(
      `- ${utc(ev.at)} (${offset >= 0 ? "+" : "−"}${formatDuration(Math.abs(offset))}) ${who(ev.by)}: ${md(ev.what)}${link(ev.link, "console")}`,
    );
  }
  if (!t.messages.included)
    lines.push("", `_Human messages in the thread were not included: ${md(t.messages.why)}._`);
  lines.push("", "## Response", "");
  const ran = (e.activity ?? []).filter((a) => a.link !== undefined);
  if (t.checklist)
    for (const s of t.checklist.ticked) lines.push(`- [x] ${md(s.text)} (${who(s.by)}, ${utc(s.at)})`);
  for (const a of ran) lines.push(`- ${md(a.what)} (${who(a.by)}, ${utc(a.at)})${link(a.link, "console")}`);
  if (!t.checklist?.ticked.length && ran.length === 0) lines.push("- Nothing recorded in Slack.");
  lines.push("", "## Open follow-ups", "");
  const open = t.checklist?.open ?? [];
  lines.push(
    ...(open.length > 0 ? open.map((s) => `- [ ] ${md(s)}`) : ["- None from the runbook checklist."]),
  );
  lines.push("", "## Root cause", "", "_To be written._", "", "## Actions", "", "_To be written._", "");
  return lines.join("\n");
}
