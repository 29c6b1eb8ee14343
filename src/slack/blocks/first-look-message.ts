import type { FirstLook } from "../../error-summary/first-look.js";
import { safeInline } from "../safe-text.js";
import { slackDate } from "../slack-date.js";
import { buildErrorSummaryMessage, type ErrorSummaryMessage } from "./error-summary-message.js";

const NAME_CHARS = 80;
const REASON_CHARS = 200;

/**
 * The first look's reply in a new alarm thread: a heading naming the service and the window up to the alarm
 * (as Slack dates in the reader's time zone) above the error summary; when the first look failed, one short
 * line with the reason that tells the reader to run `/errors <service>` by hand.
 */
export function buildFirstLookMessage(look: FirstLook): ErrorSummaryMessage {
  const name = safeInline(look.serviceName, NAME_CHARS);
  if (look.kind === "failed") {
    const text = `:mag: first look failed: ${safeInline(look.reason, REASON_CHARS)}; run \`/errors ${name}\` manually`;
    return { text, blocks: [{ type: "context", elements: [{ type: "mrkdwn", text }] }] };
  }
  const { window } = look;
  const span = formatSpan(window.endTime - window.startTime);
  const heading = `:mag: *First look* at ${name}: errors in the ${span} up to the alarm (${epochDate(window.startTime)} to ${epochDate(window.endTime)})`;
  const message = buildErrorSummaryMessage(look.outcome, {
    windowText: `the ${span} before the alarm`,
    heading,
  });
  return { text: `First look: ${message.text}`, blocks: message.blocks };
}

function epochDate(seconds: number): string {
  return slackDate(new Date(seconds * 1000).toISOString());
}

function formatSpan(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 3600) return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
  return `${Math.round(seconds / 60)} min`;
}
