import { safeInline } from "./safe-text.js";

/** Slack date tokens: `{date_short_pretty}`, `{time}`, `{date_num}`, `{ago}` and friends. */
export const SLACK_DATE_DEFAULT_FORMAT = "{date_short_pretty} {time}";

/**
 * A time rendered by Slack in each reader's own time zone: `<!date^epoch^format|fallback>`, with the ISO text as
 * the fallback for clients that cannot. Unparseable input is shown escaped (and cut short), never dropped.
 */
export function slackDate(iso: string, format: string = SLACK_DATE_DEFAULT_FORMAT): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return safeInline(iso, 64);
  const epoch = Math.floor(ms / 1000);
  const fallback = new Date(epoch * 1000).toISOString().replace(".000Z", "Z");
  return `<!date^${epoch}^${format.replace(/[|<>^]/g, "")}|${fallback}>`;
}
