import type { KnownBlock } from "@slack/types";
import type { ErrorSummaryOutcome } from "../../error-summary/error-summary-types.js";
import { formatBytes } from "../../insights/run-query.js";
import { clampField, clampSection, fitBlocks } from "../limits.js";
import { safeInline } from "../safe-text.js";
import { buildErrorSummaryBlocks } from "./error-summary-blocks.js";

/** A ready-to-post message. */
export interface ErrorSummaryMessage {
  readonly text: string;
  readonly blocks: KnownBlock[];
}

/** How to introduce the summary. */
export interface ErrorSummaryMessageOptions {
  /** Reads after "in", e.g. "last 1h" or "the 25 min before the alarm". */
  readonly windowText: string;
  /** A first line above everything (e.g. the first-look heading), mrkdwn, already safe. */
  readonly heading?: string;
}

const NOTE_CHARS = 300;
const NAME_CHARS = 120;

/**
 * Renders an `/errors` outcome: the error summary blocks, then a footnote with what the queries scanned and
 * any part that failed or is partial (so a missing baseline is never mistaken for "no errors before"); a
 * failed outcome becomes one warning line with the reason and the console link to try by hand.
 */
export function buildErrorSummaryMessage(
  outcome: ErrorSummaryOutcome,
  options: ErrorSummaryMessageOptions,
): ErrorSummaryMessage {
  const head: KnownBlock[] =
    options.heading === undefined
      ? []
      : [{ type: "context", elements: [{ type: "mrkdwn", text: clampField(options.heading) }] }];
  const name = safeInline(outcome.target.name, NAME_CHARS);
  if (outcome.kind === "failed") {
    const text = `Could not summarise errors in ${name}: ${safeInline(outcome.message, NOTE_CHARS)}`;
    const blocks: KnownBlock[] = [
      ...head,
      { type: "section", text: { type: "mrkdwn", text: clampSection(`:warning: ${text}`) } },
      context(`<${linkUrl(outcome.consoleUrl)}|Try the query in Logs Insights>`),
    ];
    return { text, blocks };
  }
  const message = buildErrorSummaryBlocks(outcome.summary, {
    service: outcome.target.adHoc ? `log group ${outcome.target.name}` : outcome.target.name,
    windowText: options.windowText,
    consoleUrl: outcome.consoleUrl,
  });
  const { statistics } = outcome;
  const cost = `Scanned ${formatBytes(statistics.bytesScanned)} in ${statistics.queries} queries${statistics.failed > 0 ? ` (${statistics.failed} did not finish)` : ""}.`;
  const notes = outcome.notes.map((n) => `:warning: ${safeInline(n, NOTE_CHARS)}`);
  return {
    text: message.text,
    blocks: fitBlocks([...head, ...message.blocks, context([cost, ...notes].join("\n"))]),
  };
}

function context(text: string): KnownBlock {
  return { type: "context", elements: [{ type: "mrkdwn", text: clampField(text) }] };
}

function linkUrl(url: string): string {
  return url.replace(/&/g, "&amp;").replace(/</g, "%3C").replace(/>/g, "%3E").replace(/\|/g, "%7C");
}
