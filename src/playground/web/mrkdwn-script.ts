/**
 * Browser JavaScript (ES2017, no DOM) that parses Slack mrkdwn into a small node tree the page turns into DOM
 * text nodes. Defines `parseMrkdwn(text)` and `formatSlackDate(epoch, format, fallback, nowMs)`. Kept free of
 * `document` so unit tests can run it in a `node:vm` context. Slack escapes `& < >` in text, so `<` only ever
 * opens a link, mention or date here, and `&amp;`-style entities are undone at the leaves.
 *
 * Nodes: text{v} br b{c} i{c} s{c} code{v} pre{v} quote{c} link{url,label} user{id,label}
 * channel{id,label} broadcast{v} usergroup{id,label} date{epoch,format,link,fallback}.
 */
export const MRKDWN_SCRIPT = String.raw`
var BT = "\x60";
var SAFE_URL = /^(https?:\/\/|mailto:)/i;
var MARKS = { "*": "b", "_": "i", "~": "s" };
var WORD = /[A-Za-z0-9]/;

function unescapeSlack(s) {
  return String(s).replace(/&(amp|lt|gt);/g, function (m, n) {
    return n === "amp" ? "&" : n === "lt" ? "<" : ">";
  });
}

function safeUrl(url) {
  return SAFE_URL.test(url) ? url : "";
}

function parseEntity(inner) {
  var bar = inner.indexOf("|");
  var target = bar >= 0 ? inner.slice(0, bar) : inner;
  var label = bar >= 0 ? unescapeSlack(inner.slice(bar + 1)) : "";
  var head = target.charAt(0);
  if (head === "@") return { t: "user", id: target.slice(1), label: label };
  if (head === "#") return { t: "channel", id: target.slice(1), label: label };
  if (head === "!") {
    var parts = target.slice(1).split("^");
    var kind = parts[0];
    if (kind === "here" || kind === "channel" || kind === "everyone") return { t: "broadcast", v: kind };
    if (kind === "subteam") return { t: "usergroup", id: parts[1] || "", label: label };
    if (kind === "date") {
      return {
        t: "date",
        epoch: Number(parts[1]),
        format: unescapeSlack(parts[2] || ""),
        link: safeUrl(unescapeSlack(parts[3] || "")),
        fallback: label
      };
    }
    return { t: "text", v: label || unescapeSlack(target) };
  }
  var url = unescapeSlack(target);
  if (safeUrl(url)) return { t: "link", url: url, label: label || url };
  return { t: "text", v: label || url };
}

function canOpen(s, i) {
  var mark = s.charAt(i);
  var prev = i > 0 ? s.charAt(i - 1) : "";
  var next = s.charAt(i + 1);
  return !WORD.test(prev) && prev !== mark && next !== "" && !/\s/.test(next) && next !== mark;
}

function findClose(s, i) {
  var mark = s.charAt(i);
  for (var j = i + 1; j < s.length; j++) {
    var c = s.charAt(j);
    if (c === "\n") return -1;
    if (c === BT || c === "<") {
      var end = s.indexOf(c === BT ? BT : ">", j + 1);
      if (end > 0) { j = end; continue; }
    }
    if (c === mark && j > i + 1 && !/\s/.test(s.charAt(j - 1)) && !WORD.test(s.charAt(j + 1))) return j;
  }
  return -1;
}

function parseInline(s) {
  var out = [];
  var buf = "";
  var i = 0;
  function flush() {
    if (buf) { out.push({ t: "text", v: unescapeSlack(buf) }); buf = ""; }
  }
  while (i < s.length) {
    var ch = s.charAt(i);
    if (ch === "\n") { flush(); out.push({ t: "br" }); i++; continue; }
    if (ch === BT) {
      var end = s.indexOf(BT, i + 1);
      if (end > i + 1 && s.slice(i + 1, end).indexOf("\n") < 0) {
        flush(); out.push({ t: "code", v: unescapeSlack(s.slice(i + 1, end)) }); i = end + 1; continue;
      }
    }
    if (ch === "<") {
      var close = s.indexOf(">", i + 1);
      var inner = close > i + 1 ? s.slice(i + 1, close) : "";
      if (inner && inner.indexOf("<") < 0 && inner.indexOf("\n") < 0) {
        flush(); out.push(parseEntity(inner)); i = close + 1; continue;
      }
    }
    if (MARKS[ch] && canOpen(s, i)) {
      var j = findClose(s, i);
      if (j > 0) { flush(); out.push({ t: MARKS[ch], c: parseInline(s.slice(i + 1, j)) }); i = j + 1; continue; }
    }
    buf += ch;
    i++;
  }
  flush();
  return out;
}

function parseLines(text) {
  var out = [];
  var lines = text.split("\n");
  var plain = [];
  var quote = [];
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
  for (var k = 0; k < lines.length; k++) {
    var m = /^(?:&gt;|>) ?(.*)$/.exec(lines[k]);
    if (m) { flushPlain(); quote.push(m[1]); }
    else { flushQuote(); plain.push(lines[k]); }
  }
  flushQuote();
  flushPlain();
  return out;
}

function parseMrkdwn(src) {
  var text = src === null || src === undefined ? "" : String(src);
  var out = [];
  var fence = BT + BT + BT;
  var pos = 0;
  while (pos < text.length) {
    var open = text.indexOf(fence, pos);
    var close = open < 0 ? -1 : text.indexOf(fence, open + 3);
    if (open < 0 || close < 0) break;
    if (open > pos) out.push.apply(out, parseLines(text.slice(pos, open).replace(/\n$/, "")));
    out.push({ t: "pre", v: unescapeSlack(text.slice(open + 3, close).replace(/^\n/, "").replace(/\n$/, "")) });
    pos = close + 3;
    if (text.charAt(pos) === "\n") pos++;
  }
  if (pos < text.length) out.push.apply(out, parseLines(text.slice(pos)));
  return out;
}

var DAY_MS = 86400000;

function dayNumber(d) {
  return Math.floor((d.getTime() - d.getTimezoneOffset() * 60000) / DAY_MS);
}

function ordinal(n) {
  var s = ["th", "st", "nd", "rd"];
  var v = n % 100;
  return n + (s[(v - 20) % 10] || s[v] || s[0]);
}

function agoText(ms) {
  var future = ms < 0;
  var secs = Math.round(Math.abs(ms) / 1000);
  var units = [[86400, "day"], [3600, "hour"], [60, "minute"], [1, "second"]];
  for (var k = 0; k < units.length; k++) {
    var n = Math.floor(secs / units[k][0]);
    if (n >= 1 || k === units.length - 1) {
      var phrase = n + " " + units[k][1] + (n === 1 ? "" : "s");
      return future ? "in " + phrase : phrase + " ago";
    }
  }
  return "";
}

function formatSlackDate(epoch, format, fallback, nowMs) {
  if (typeof epoch !== "number" || !isFinite(epoch)) return fallback || "";
  var d = new Date(epoch * 1000);
  var now = new Date(typeof nowMs === "number" ? nowMs : Date.now());
  var monthLong = d.toLocaleString("en-US", { month: "long" });
  var monthShort = d.toLocaleString("en-US", { month: "short" });
  var weekday = d.toLocaleString("en-US", { weekday: "long" });
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  var plain = {
    date_num: d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()),
    date: monthLong + " " + ordinal(d.getDate()) + ", " + d.getFullYear(),
    date_short: monthShort + " " + d.getDate() + ", " + d.getFullYear(),
    date_long: weekday + ", " + monthLong + " " + ordinal(d.getDate()) + ", " + d.getFullYear(),
    time: d.toLocaleTimeString("en-US", { hour: "numeric", minute: "2-digit" }),
    time_secs: d.toLocaleTimeString("en-US", { hour: "numeric", minute: "2-digit", second: "2-digit" }),
    ago: agoText(now.getTime() - d.getTime())
  };
  var diff = dayNumber(d) - dayNumber(now);
  var relative = diff === 0 ? "today" : diff === -1 ? "yesterday" : diff === 1 ? "tomorrow" : "";
  var text = String(format || "").replace(/\{([a-z_]+)\}/g, function (whole, name) {
    var pretty = /^(date|date_short|date_long)_pretty$/.exec(name);
    if (pretty) return relative || plain[pretty[1]];
    return Object.prototype.hasOwnProperty.call(plain, name) ? plain[name] : whole;
  });
  return text || fallback || "";
}
`;
