// @ts-check
/**
 * Parses Slack mrkdwn into a small node tree the page turns into DOM text nodes. Kept free of `document` so
 * unit tests run it in Node. Slack escapes `& < >` in text, so `<` only ever opens a link, mention or date
 * here, and `&amp;`-style entities are undone at the leaves.
 */
/** @import { MrkdwnNode } from "./playground-types.js" */

const BT = "\x60";
const SAFE_URL = /^(https?:\/\/|mailto:)/i;
/** @type {Readonly<Record<string, "b" | "i" | "s">>} */
const MARKS = { "*": "b", _: "i", "~": "s" };
const WORD = /[A-Za-z0-9]/;

/** @param {string} s */
function unescapeSlack(s) {
  return String(s).replace(/&(amp|lt|gt);/g, (_m, n) => (n === "amp" ? "&" : n === "lt" ? "<" : ">"));
}

/**
 * The URL when it is http(s) or mailto, else "" (so a `javascript:` link renders as text).
 * @param {string} url
 */
export function safeUrl(url) {
  return SAFE_URL.test(url) ? url : "";
}

/**
 * @param {string} inner
 * @returns {MrkdwnNode}
 */
function parseEntity(inner) {
  const bar = inner.indexOf("|");
  const target = bar >= 0 ? inner.slice(0, bar) : inner;
  const label = bar >= 0 ? unescapeSlack(inner.slice(bar + 1)) : "";
  const head = target.charAt(0);
  if (head === "@") return { t: "user", id: target.slice(1), label: label };
  if (head === "#") return { t: "channel", id: target.slice(1), label: label };
  if (head === "!") {
    const parts = target.slice(1).split("^");
    const kind = parts[0];
    if (kind === "here" || kind === "channel" || kind === "everyone") return { t: "broadcast", v: kind };
    if (kind === "subteam") return { t: "usergroup", id: parts[1] || "", label: label };
    if (kind === "date") {
      return {
        t: "date",
        epoch: Number(parts[1]),
        format: unescapeSlack(parts[2] || ""),
        link: safeUrl(unescapeSlack(parts[3] || "")),
        fallback: label,
      };
    }
    return { t: "text", v: label || unescapeSlack(target) };
  }
  const url = unescapeSlack(target);
  if (safeUrl(url)) return { t: "link", url: url, label: label || url };
  return { t: "text", v: label || url };
}

/**
 * @param {string} s
 * @param {number} i
 */
function canOpen(s, i) {
  const mark = s.charAt(i);
  const prev = i > 0 ? s.charAt(i - 1) : "";
  const next = s.charAt(i + 1);
  return !WORD.test(prev) && prev !== mark && next !== "" && !/\s/.test(next) && next !== mark;
}

/**
 * @param {string} s
 * @param {number} i
 */
function findClose(s, i) {
  const mark = s.charAt(i);
  for (let j = i + 1; j < s.length; j++) {
    const c = s.charAt(j);
    if (c === "\n") return -1;
    if (c === BT || c === "<") {
      const end = s.indexOf(c === BT ? BT : ">", j + 1);
      if (end > 0) {
        j = end;
        continue;
      }
    }
    if (c === mark && j > i + 1 && !/\s/.test(s.charAt(j - 1)) && !WORD.test(s.charAt(j + 1))) return j;
  }
  return -1;
}

/**
 * @param {string} s
 * @returns {MrkdwnNode[]}
 */
function parseInline(s) {
  /** @type {MrkdwnNode[]} */
  const out = [];
  let buf = "";
  let i = 0;
  function flush() {
    if (buf) {
      out.push({ t: "text", v: unescapeSlack(buf) });
      buf = "";
    }
  }
  while (i < s.length) {
    const ch = s.charAt(i);
    if (ch === "\n") {
      flush();
      out.push({ t: "br" });
      i++;
      continue;
    }
    if (ch === BT) {
      const end = s.indexOf(BT, i + 1);
      if (end > i + 1 && s.slice(i + 1, end).indexOf("\n") < 0) {
        flush();
        out.push({ t: "code", v: unescapeSlack(s.slice(i + 1, end)) });
        i = end + 1;
        continue;
      }
    }
    if (ch === "<") {
      const close = s.indexOf(">", i + 1);
      const inner = close > i + 1 ? s.slice(i + 1, close) : "";
      if (inner && inner.indexOf("<") < 0 && inner.indexOf("\n") < 0) {
        flush();
        out.push(parseEntity(inner));
        i = close + 1;
        continue;
      }
    }
    if (MARKS[ch] && canOpen(s, i)) {
      const j = findClose(s, i);
      if (j > 0) {
        flush();
        out.push({ t: MARKS[ch], c: parseInline(s.slice(i + 1, j)) });
        i = j + 1;
        continue;
      }
    }
    buf += ch;
    i++;
  }
  flush();
  return out;
}

/**
 * @param {string} text
 * @returns {MrkdwnNode[]}
 */
function parseLines(text) {
  /** @type {MrkdwnNode[]} */
  const out = [];
  const lines = text.split("\n");
  /** @type {string[]} */
  let plain = [];
  /** @type {string[]} */
  let quote = [];
  function flushPlain() {
    if (plain.length === 0) return;
    out.push.apply(out, parseInline(plain.join("\n")));
    plain = [];
  }
  function flushQuote() {
    if (quote.length === 0) return;
    out.push({ t: "quote", c: parseInline(quote.join("\n")) });
    quote = [];
  }
  for (const line of lines) {
    const m = /^(?:&gt;|>) ?(.*)$/.exec(line);
    if (m) {
      flushPlain();
      quote.push(m[1] ?? "");
    } else {
      flushQuote();
      plain.push(line);
    }
  }
  flushQuote();
  flushPlain();
  return out;
}

/**
 * Parses mrkdwn (`null` and `undefined` read as empty) into nodes: text, br, b, i, s, code, pre, quote, link,
 * user, channel, broadcast, usergroup and date.
 * @param {unknown} src
 * @returns {MrkdwnNode[]}
 */
export function parseMrkdwn(src) {
  const text = src === null || src === undefined ? "" : String(src);
  /** @type {MrkdwnNode[]} */
  const out = [];
  const fence = BT + BT + BT;
  let pos = 0;
  while (pos < text.length) {
    const open = text.indexOf(fence, pos);
    const close = open < 0 ? -1 : text.indexOf(fence, open + 3);
    if (open < 0 || close < 0) break;
    if (open > pos) out.push.apply(out, parseLines(text.slice(pos, open).replace(/\n$/, "")));
    out.push({
      t: "pre",
      v: unescapeSlack(
        text
          .slice(open + 3, close)
          .replace(/^\n/, "")
          .replace(/\n$/, ""),
      ),
    });
    pos = close + 3;
    if (text.charAt(pos) === "\n") pos++;
  }
  if (pos < text.length) out.push.apply(out, parseLines(text.slice(pos)));
  return out;
}

const DAY_MS = 86400000;

/** @param {Date} d */
function dayNumber(d) {
  return Math.floor((d.getTime() - d.getTimezoneOffset() * 60000) / DAY_MS);
}

/** @param {number} n */
function ordinal(n) {
  const s = ["th", "st", "nd", "rd"];
  const v = n % 100;
  return n + (s[(v - 20) % 10] || s[v] || "th");
}

/** @param {number} ms */
function agoText(ms) {
  const future = ms < 0;
  const secs = Math.round(Math.abs(ms) / 1000);
  /** @type {[number, string][]} */
  const units = [
    [86400, "day"],
    [3600, "hour"],
    [60, "minute"],
    [1, "second"],
  ];
  for (const [k, [size, unit]] of units.entries()) {
    const n = Math.floor(secs / size);
    if (n >= 1 || k === units.length - 1) {
      const phrase = n + " " + unit + (n === 1 ? "" : "s");
      return future ? "in " + phrase : phrase + " ago";
    }
  }
  return "";
}

/**
 * Formats a `<!date^…>` the way Slack shows it to a reader in the browser's time zone: `{date_num}`,
 * `{date}`, `{date_short}`, `{date_long}` (each with a `_pretty` form: today, yesterday, tomorrow), `{time}`,
 * `{time_secs}` and `{ago}`. Falls back to `fallback` when the epoch is not a number or nothing is left.
 * @param {unknown} epoch
 * @param {string | undefined} format
 * @param {string | undefined} fallback
 * @param {number} [nowMs] now, for tests; the page uses the browser's clock
 */
export function formatSlackDate(epoch, format, fallback, nowMs) {
  if (typeof epoch !== "number" || !Number.isFinite(epoch)) return fallback || "";
  const d = new Date(epoch * 1000);
  const now = new Date(typeof nowMs === "number" ? nowMs : Date.now());
  const monthLong = d.toLocaleString("en-US", { month: "long" });
  const monthShort = d.toLocaleString("en-US", { month: "short" });
  const weekday = d.toLocaleString("en-US", { weekday: "long" });
  /** @param {number} n */
  const pad = (n) => (n < 10 ? "0" : "") + n;
  /** @type {Record<string, string>} */
  const plain = {
    date_num: d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()),
    date: monthLong + " " + ordinal(d.getDate()) + ", " + d.getFullYear(),
    date_short: monthShort + " " + d.getDate() + ", " + d.getFullYear(),
    date_long: weekday + ", " + monthLong + " " + ordinal(d.getDate()) + ", " + d.getFullYear(),
    time: d.toLocaleTimeString("en-US", { hour: "numeric", minute: "2-digit" }),
    time_secs: d.toLocaleTimeString("en-US", { hour: "numeric", minute: "2-digit", second: "2-digit" }),
    ago: agoText(now.getTime() - d.getTime()),
  };
  const diff = dayNumber(d) - dayNumber(now);
  const relative = diff === 0 ? "today" : diff === -1 ? "yesterday" : diff === 1 ? "tomorrow" : "";
  const text = String(format || "").replace(/\{([a-z_]+)\}/g, (whole, name) => {
    const pretty = /^(date|date_short|date_long)_pretty$/.exec(name);
    if (pretty) return relative || plain[pretty[1] ?? ""] || "";
    return Object.hasOwn(plain, name) ? (plain[name] ?? whole) : whole;
  });
  return text || fallback || "";
}
