import type { ActionsBlock, ContextBlock, KnownBlock, SectionBlock } from "@slack/types";
import type { InsightsAnswer, TemplateSummary } from "../../insights/insights-command.js";
import { formatBytes } from "../../insights/run-query.js";
import { ACTION_IDS } from "../action-ids.js";
import { formatTableForSlack } from "../format-table.js";
import { MAX_BLOCKS_PER_MESSAGE, MAX_BUTTON_URL, MAX_SECTION_TEXT } from "../limits.js";
import { safeInline, safeText } from "../safe-text.js";

/** A ready-to-send `/insights` reply; `upload` is set when the full table is too long and goes as a file. */
export interface InsightsMessage {
  readonly text: string;
  readonly blocks: KnownBlock[];
  readonly upload?: { readonly filename: string; readonly content: string; readonly title: string };
}

const section = (text: string): SectionBlock => ({ type: "section", text: { type: "mrkdwn", text } });
const context = (text: string): ContextBlock => ({ type: "context", elements: [{ type: "mrkdwn", text }] });

function consoleButton(url: string): ActionsBlock | undefined {
  if (url.length > MAX_BUTTON_URL) return undefined;
  return {
    type: "actions",
    elements: [
      {
        type: "button",
        text: { type: "plain_text", text: "Open in CloudWatch" },
        url,
        action_id: ACTION_IDS.openConsole,
      },
    ],
  };
}

/** `scanned 1.2 GB, 35,000 records, matched 120`: what the query cost, in the words the bill uses. */
export function costLine(stats: {
  bytesScanned: number;
  recordsScanned: number;
  recordsMatched: number;
}): string {
  const n = (x: number) => Math.round(x).toLocaleString("en-US");
  return `scanned ${formatBytes(stats.bytesScanned)}, ${n(stats.recordsScanned)} records, matched ${n(stats.recordsMatched)}`;
}

function templateLine(t: TemplateSummary): string {
  return `*${safeInline(t.name, 100)}* — ${safeInline(t.description, 300)}\n\`/insights ${safeInline(t.usage, 400)}\``;
}

function renderList(templates: readonly TemplateSummary[]): InsightsMessage {
  if (templates.length === 0) {
    const text = "No Logs Insights templates are available to you in this channel.";
    return { text, blocks: [section(text)] };
  }
  const blocks: KnownBlock[] = [
    section("*Logs Insights templates* — run one with `/insights <name> [key=value …] [window]`"),
  ];
  let chunk = "";
  for (const line of templates.map(templateLine)) {
    if (chunk && chunk.length + line.length + 2 > MAX_SECTION_TEXT) {
      blocks.push(section(chunk));
      chunk = "";
    }
    chunk = chunk ? `${chunk}\n\n${line}` : line;
  }
  if (chunk) blocks.push(section(chunk));
  blocks.push(
    context("Windows: `15m`, `2h`, `1d`, `since 09:30` (UTC), or `2026-11-20T10:00Z..2026-11-20T11:00Z`."),
  );
  return {
    text: `${templates.length} Logs Insights templates`,
    blocks: blocks.slice(0, MAX_BLOCKS_PER_MESSAGE),
  };
}

/**
 * Renders an `/insights` answer as Block Kit: the template list, a usage or access message, a failure with
 * the console link, or the result as an aligned table in a code block with a cost line (bytes and records
 * scanned, records matched) and an "Open in CloudWatch" button. Tables too long for one section come back as
 * a preview plus `upload` (CSV) for the caller to send with files.uploadV2. All log text is sanitised.
 */
export function renderInsightsAnswer(answer: InsightsAnswer): InsightsMessage {
  switch (answer.kind) {
    case "list":
      return renderList(answer.templates);
    case "usage": {
      const text = `:warning: ${safeText(answer.message, 2500)}`;
      const blocks: KnownBlock[] = [section(text)];
      if (answer.usage) blocks.push(context(`Usage: \`${safeInline(answer.usage, 400)}\``));
      return { text: safeInline(answer.message, 300), blocks };
    }
    case "denied": {
      const text = `:no_entry: ${safeText(answer.reason, 2500)}`;
      return { text: safeInline(answer.reason, 300), blocks: [section(text)] };
    }
    case "failed": {
      const blocks: KnownBlock[] = [
        section(
          `:x: *${safeInline(answer.templateName, 100)}* did not run: ${safeText(answer.message, 2500)}`,
        ),
      ];
      const button = consoleButton(answer.consoleUrl);
      if (button) blocks.push(button);
      return { text: `${answer.templateName} failed: ${safeInline(answer.message, 300)}`, blocks };
    }
    case "result":
      return renderResult(answer);
  }
}

function renderResult(answer: Extract<InsightsAnswer, { kind: "result" }>): InsightsMessage {
  const name = safeInline(answer.templateName, 100);
  const rows = answer.rows.length;
  const headline =
    `*${name}* · ${safeInline(answer.window.label, 100)} · ${rows.toLocaleString("en-US")} row${rows === 1 ? "" : "s"}` +
    (answer.window.endClamped ? " (end moved to now)" : "");
  const blocks: KnownBlock[] = [section(headline)];
  if (answer.partial)
    blocks.push(section(`:warning: *Partial results.* ${safeText(answer.note ?? "", 1000)}`));
  let upload: InsightsMessage["upload"];
  if (rows === 0) {
    blocks.push(
      section("No matching log events in this window. Try a wider window or check the parameters."),
    );
  } else {
    const table = formatTableForSlack(answer.columns, answer.rows, {
      maxChars: MAX_SECTION_TEXT,
      filename: `${answer.templateName}.csv`,
    });
    if (table.kind === "inline") blocks.push(section(table.text));
    else {
      blocks.push(section(table.preview));
      blocks.push(
        context(
          `Showing the first rows; all ${table.rowCount.toLocaleString("en-US")} are in ${table.filename}.`,
        ),
      );
      upload = { filename: table.filename, content: table.csv, title: `${answer.templateName} results` };
    }
  }
  blocks.push(context(costLine(answer.statistics)));
  const button = consoleButton(answer.consoleUrl);
  if (button) blocks.push(button);
  const text = `${answer.templateName}: ${rows} row${rows === 1 ? "" : "s"}${answer.partial ? " (partial)" : ""}`;
  return upload ? { text, blocks, upload } : { text, blocks };
}
