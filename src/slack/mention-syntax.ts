import { KlaxonError } from "../shared/klaxon-error.js";
import { err, ok, type Result } from "../shared/result.js";

/** A route's `mention` value that klaxon cannot turn into a Slack mention. */
export class MentionSyntaxError extends KlaxonError {
  override name = "MentionSyntaxError";

  constructor(value: string) {
    super(
      "slack_bad_mention",
      `Route mention "${value}" is not understood. Use @here, @channel, @everyone, a user id such as U0123ABCD, ` +
        "or a user group as subteam:S0123ABCD (Slack > group > Copy group ID); several may be separated by spaces.",
    );
  }
}

const BROADCASTS: Readonly<Record<string, string>> = {
  "@here": "<!here>",
  "@channel": "<!channel>",
  "@everyone": "<!everyone>",
  "<!here>": "<!here>",
  "<!channel>": "<!channel>",
  "<!everyone>": "<!everyone>",
};

function oneMention(token: string): string | undefined {
  const broadcast = BROADCASTS[token.toLowerCase()];
  if (broadcast) return broadcast;
  const group = /^(?:subteam:|<!subteam\^)(S[A-Z0-9]{2,30})>?$/.exec(token);
  if (group?.[1]) return `<!subteam^${group[1]}>`;
  const user = /^(?:<@)?([UW][A-Z0-9]{2,30})>?$/.exec(token);
  if (user?.[1]) return `<@${user[1]}>`;
  return undefined;
}

/**
 * Checks a route's trusted `mention` config value (`@here`, `@channel`, `@everyone`, `subteam:S123`,
 * `<!subteam^S123>`, `U123`, several separated by spaces or commas) and returns its Slack mention syntax, or an
 * error telling the operator which forms are accepted. Use it when validating config at start-up.
 */
export function parseMention(configValue: string): Result<string, MentionSyntaxError> {
  const tokens = configValue.split(/[\s,]+/).filter((t) => t.length > 0);
  if (tokens.length === 0) return err(new MentionSyntaxError(configValue));
  const mentions: string[] = [];
  for (const token of tokens) {
    const mention = oneMention(token);
    if (mention === undefined) return err(new MentionSyntaxError(configValue));
    if (!mentions.includes(mention)) mentions.push(mention);
  }
  return ok(mentions.join(" "));
}

/**
 * {@link parseMention} for render time: the Slack syntax of a config mention, or undefined when the value is not
 * understood (no ping beats a garbled one; start-up validation reports it). Only operator config goes through
 * here; untrusted alarm text is always escaped instead.
 */
export function mentionSyntax(configValue: string): string | undefined {
  const parsed = parseMention(configValue);
  return parsed.ok ? parsed.value : undefined;
}
