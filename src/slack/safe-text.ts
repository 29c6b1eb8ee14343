import { BROADCAST_BREAKER, escapeMrkdwn } from "./escape-mrkdwn.js";
import { redactSecrets } from "./redact-secrets.js";
import { truncateMrkdwn, truncatePlain } from "./truncate-text.js";

/**
 * Longest untrusted input looked at; the rest is dropped before any regex runs, so a 10 MB log line costs the
 * same as a short one. Output is never longer than the Slack limit anyway.
 */
const MAX_INPUT = 64 * 1024;

// Bidi overrides/isolates can make `evil.com/login` read as something else; zero-width characters hide text
// from the redaction rules (`AKIA\u200B…`); control characters have no business in a Slack message.
const INVISIBLE = /\p{Cc}|[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/gu;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function capInput(text: string): string {
  if (text.length <= MAX_INPUT) return text;
  // Cut back to whitespace so a secret straddling the cap is dropped whole rather than left half-visible
  // (a half key no longer matches its redaction rule).
  const head = text.slice(0, MAX_INPUT);
  const space = head.search(/\s\S*$/);
  return space > MAX_INPUT - 512 ? head.slice(0, space) : head.slice(0, MAX_INPUT - 512);
}

/**
 * Removes what makes text lie about itself: bidi overrides, zero-width and control characters (tab and newline
 * stay), lone surrogates (become U+FFFD) and `\r\n` line ends (become `\n`).
 */
export function stripInvisible(text: string): string {
  return text
    .replace(LONE_SURROGATE, "\uFFFD")
    .replace(/\r\n?/g, "\n")
    .replace(INVISIBLE, (c) => (c === "\n" || c === "\t" ? c : ""));
}

function sanitize(untrusted: string): string {
  return escapeMrkdwn(redactSecrets(stripInvisible(capInput(untrusted))));
}

/**
 * The one way untrusted text (alarm fields, log lines, user input) enters mrkdwn: invisible characters
 * stripped, secrets redacted, `& < >` escaped, broadcasts broken, then cut to `maxLen` with a note saying how
 * much was dropped. The cut never splits an entity or a surrogate pair.
 */
export function safeText(untrusted: string, maxLen: number): string {
  return truncateMrkdwn(sanitize(untrusted), maxLen);
}

/**
 * {@link safeText} for one-line spots (field values, names, list items): runs of whitespace including newlines
 * collapse to one space, so a multi-line alarm description cannot forge extra `*Severity:*` lines of ours.
 */
export function safeInline(untrusted: string, maxLen: number): string {
  return truncateMrkdwn(sanitize(untrusted).replace(/\s+/g, " ").trim(), maxLen);
}

/**
 * Untrusted text for `plain_text` objects (header, button labels): Slack does not parse them, so no entity
 * escaping, but secrets are still redacted, broadcasts broken (cheap insurance should a client ever parse them),
 * newlines flattened and the text cut to `maxLen`.
 */
export function safePlainText(untrusted: string, maxLen: number): string {
  const flat = redactSecrets(stripInvisible(capInput(untrusted)))
    .replace(/\s+/g, " ")
    .trim()
    .replace(/@(?=here|channel|everyone)/gi, `@${BROADCAST_BREAKER}`);
  return truncatePlain(flat, maxLen);
}

/**
 * Untrusted text as inline code: single backticks inside become `ˋ` (U+02CB) so the span cannot be closed early;
 * the content is still escaped, because Slack resolves entities and `<…>` inside code spans too.
 */
export function inlineCode(untrusted: string, maxLen: number): string {
  const body = sanitize(untrusted).replace(/\s+/g, " ").trim().replace(/`/g, "ˋ");
  return "`" + truncateMrkdwn(body || " ", Math.max(1, maxLen - 2)) + "`";
}

/**
 * Untrusted text as a triple-backtick block no more than `maxLen` long. Backtick runs inside are broken with a
 * zero-width space so log text cannot close our fence and turn the rest of the message back into live mrkdwn.
 */
export function codeBlock(untrusted: string, maxLen: number): string {
  const open = "```\n";
  const close = "\n```";
  const body = sanitize(untrusted)
    .replace(/`(?=`)/g, "`\u200B")
    .replace(/\n+$/, "");
  return open + truncateMrkdwn(body || "(empty)", Math.max(1, maxLen - open.length - close.length)) + close;
}
