const ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };
const UNENTITIES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">" };

/** Zero-width joiner: invisible, but it stops Slack reading `@here` as a broadcast. */
export const BROADCAST_BREAKER = "\u200D";

/**
 * Escapes exactly the three characters Slack treats as control characters (`&`, `<`, `>`), `&` first, and
 * nothing else, as Slack's formatting reference asks. After this, text cannot open `<!channel>`, `<@U…>`,
 * `<#C…>`, `<!subteam^…>` or a `<https://evil|label>` link.
 */
export function escapeEntities(text: string): string {
  return text.replace(/[&<>]/g, (c) => ENTITIES[c] ?? c);
}

/** Reverses {@link escapeEntities}; used by tests and by readers of our own posted text, never on input. */
export function unescapeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (whole, name: string) => UNENTITIES[name] ?? whole);
}

/**
 * Makes untrusted text (alarm names, reasons, log lines) inert in mrkdwn: escapes `& < >` and breaks bare
 * `@here`/`@channel`/`@everyone` with a zero-width joiner, because Slack may still turn those words into
 * pings when a text object is not `verbatim` or a post sets `link_names`.
 */
export function escapeMrkdwn(text: string): string {
  return escapeEntities(text).replace(/@(?=here|channel|everyone)/gi, `@${BROADCAST_BREAKER}`);
}
