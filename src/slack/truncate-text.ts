const ENTITY_AT = /^&(?:amp|lt|gt);/;
const LONGEST_ENTITY = "&amp;".length;

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * The largest index at or below `at` where mrkdwn can be cut without splitting a surrogate pair, an `&amp;`
 * style entity or a `<…>` control sequence (our own links and dates), so a cut message still renders and never
 * shows half an emoji or a raw `&am`.
 */
export function safeCutIndex(text: string, at: number): number {
  let cut = Math.max(0, Math.min(Math.floor(at), text.length));
  if (cut === text.length) return cut;
  if (cut > 0 && isHighSurrogate(text.charCodeAt(cut - 1))) cut -= 1;
  const amp = text.lastIndexOf("&", cut - 1);
  const insideEntity =
    amp !== -1 &&
    cut - amp < LONGEST_ENTITY &&
    !text.slice(amp, cut).includes(";") &&
    ENTITY_AT.test(text.slice(amp, amp + LONGEST_ENTITY));
  if (insideEntity) cut = amp;
  const open = text.lastIndexOf("<", cut - 1);
  if (open !== -1 && open > text.lastIndexOf(">", cut - 1)) cut = open;
  return cut;
}

function countFences(text: string): number {
  return text.split("```").length - 1;
}

/**
 * Cuts mrkdwn to at most `max` UTF-16 units and says how much was dropped, so the reader knows the text is
 * partial. Cuts land on safe boundaries (see {@link safeCutIndex}) and an open code fence is closed again,
 * otherwise Slack would print the rest of the message as literal backticks.
 */
export function truncateMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return "";
  const noteFor = (dropped: number): string => ` … [${dropped} more chars]`;
  const longestNote = noteFor(text.length);
  if (max < longestNote.length + 8) {
    return text.slice(0, safeCutIndex(text, max - 1)) + "…";
  }
  let reserve = longestNote.length;
  let cut = safeCutIndex(text, max - reserve);
  if (countFences(text.slice(0, cut)) % 2 === 1) {
    reserve += "\n```".length;
    cut = safeCutIndex(text, max - reserve);
  }
  const kept = text.slice(0, cut);
  const closing = countFences(kept) % 2 === 1 ? "\n```" : "";
  return kept + closing + noteFor(text.length - cut);
}

/**
 * Cuts plain text (headers, button labels) to at most `max` UTF-16 units with a trailing `…`, never inside a
 * surrogate pair. Plain text has no entities or control sequences, so nothing else needs protecting.
 */
export function truncatePlain(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return "";
  let cut = max - 1;
  if (cut > 0 && isHighSurrogate(text.charCodeAt(cut - 1))) cut -= 1;
  return text.slice(0, cut) + "…";
}
