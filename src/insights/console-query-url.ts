import { cloudWatchConsoleHome } from "../aws/partition.js";

export interface ConsoleQueryUrlInput {
  readonly region: string;
  readonly queryString: string;
  readonly logGroupNames: readonly string[];
  /** Epoch seconds. */
  readonly startTime: number;
  /** Epoch seconds. */
  readonly endTime: number;
}

type Jsurl = string | number | boolean | readonly Jsurl[] | { readonly [key: string]: Jsurl };

/** encodeURIComponent plus the characters it leaves alone but the console's format reserves. */
function strictEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*~]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * The console's JSURL-like notation: objects `~(k~v~k~v)`, arrays `(~a~b)`, strings `'` followed by the
 * URI-encoded text with `%` written as `*`, numbers and booleans bare.
 */
function encodeJsurl(value: Jsurl): string {
  if (typeof value === "string") return `'${strictEncode(value).replace(/%/g, "*")}`;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `(${value.map((v) => `~${encodeJsurl(v)}`).join("")})`;
  const entries = Object.entries(value as { readonly [key: string]: Jsurl });
  return `~(${entries.map(([k, v]) => `${k}~${encodeJsurl(v)}`).join("~")})`;
}

/** What the legacy `escape()` did for ASCII, which the console expects as the inner layer of its encoding. */
function legacyEscape(text: string): string {
  return text.replace(
    /[^A-Za-z0-9@*_+\-./]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
}

/**
 * A CloudWatch console link that opens Logs Insights with the query, the log groups and the absolute time
 * window (UTC) filled in, so the on-call person can refine a query klaxon ran. The fragment is
 * `#logsV2:logs-insights` + `?queryDetail=<jsurl>`, escaped twice with `%` written as `$`, as the console does.
 */
export function consoleQueryUrl(input: ConsoleQueryUrlInput): string {
  const detail: Jsurl = {
    end: new Date(input.endTime * 1000).toISOString(),
    start: new Date(input.startTime * 1000).toISOString(),
    timeType: "ABSOLUTE",
    tz: "UTC",
    editorString: input.queryString,
    isLiveTail: false,
    source: [...input.logGroupNames],
  };
  const fragment = encodeURIComponent(`?queryDetail=${legacyEscape(encodeJsurl(detail))}`).replace(/%/g, "$");
  return `${cloudWatchConsoleHome(input.region)}#logsV2:logs-insights${fragment}`;
}

/**
 * Reverses {@link consoleQueryUrl}'s fragment into the JSURL text, for tests and for debugging links people
 * paste back into Slack.
 */
export function decodeConsoleQueryDetail(url: string): string | undefined {
  const marker = "#logsV2:logs-insights";
  const at = url.indexOf(marker);
  if (at < 0) return undefined;
  const once = decodeURIComponent(url.slice(at + marker.length).replace(/\$/g, "%"));
  if (!once.startsWith("?queryDetail=")) return undefined;
  return decodeURIComponent(once.slice("?queryDetail=".length));
}
