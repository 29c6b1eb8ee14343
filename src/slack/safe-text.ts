import { BROADCAST_BREAKER, escapeMrkdwn } from "./escape-mrkdwn.js";
import { redactSecrets } from "./redact-secrets.js";
import { truncateMrkdwn, truncatePlain } from "./truncate-text.js";

/**
 * Longest untrusted input looked at; the rest is dropped before any regex runs, so a 10 MB log line costs the
 * same as a short one. Output is never longer than the Slack limit anyway.
 */
const MAX_INPUT = 64 * 1024;

// Bidi overrides/isolates can make `evil.com/login` read as something else; zero-width, format and filler
// characters (U+180E, U+034F, Hangul fillers, tag characters, variation selectors) hide text from the redaction
// rules (`AKIA\u200B…`) or smuggle invisible instructions; control characters have no business in a message.
const INVISIBLE = /\p{Cc}|\p{Cf}|\p{Variation_Selector}|[\u034F\u115F\u1160\u17B4\u17B5\u180E\u3164\uFFA0]/gu;
/** What may stand before a joiner or variation selector that belongs to an emoji (a family, a red heart). */
const EMOJI_BEFORE = /(?:\p{Extended_Pictographic}|[\u{1F3FB}-\u{1F3FF}\uFE0F])$/u;
const EMOJI_AFTER = /^(?:\p{Extended_Pictographic}|\u20E3)/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function capInput(text: string): string {
  if (text.length <= MAX_INPUT) return text;
  // Cut back to whitespace so a secret straddling the cap is dropped whole rather than left half-visible
  // (a half key no longer matches its redaction rule).
  const head = text.slice(0, MAX_INPUT);
  const space = head.search(/\s\S*$/);
  return space > MAX_INPUT - 512 ? head.slice(0, space) : head.slice(0, MAX_INPUT - 512);
}

/** A zero-width joiner or variation selector inside an emoji sequence is shown, not hidden: keep it. */
function partOfEmoji(c: string, before: string, after: string): boolean {
  if (c === "\u200D") return EMOJI_BEFORE.test(before) && EMOJI_AFTER.test(after);
  if (c === "\uFE0F")
    return EMOJI_BEFORE.test(before) || (/[0-9#*]$/.test(before) && after.startsWith("\u20E3"));
  return false;
}

/**
 * Removes what makes text lie about itself: bidi overrides, zero-width, format, filler and tag characters and
 * variation selectors (joiners and selectors inside an emoji stay), control characters (tab and newline stay),
 * lone surrogates (become U+FFFD) and `\r\n` line ends (become `\n`).
 */
export function stripInvisible(text: string): string {
  return text
    .replace(LONE_SURROGATE, "\uFFFD")
    .replace(/\r\n?/g, "\n")
    .replace(INVISIBLE, (c: string, offset: number, whole: string) =>
      c === "\n" ||
      c === "\t" ||
      partOfEmoji(
        c,
        whole.slice(Math.max(0, offset - 2), offset),
        whole.slice(offset + c.length, offset + c.length + 2),
      )
        ? c
        : "",
    );
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
