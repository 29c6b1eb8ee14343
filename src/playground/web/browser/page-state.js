// @ts-check
/**
 * The page's state and the small helpers every part of it shares: the inert config it was served with, the
 * `view` memory between renders (the last `/playground/state`, the selected channel, open threads, unread
 * counts), element lookup, status lines and JSON posts to the playground server.
 */
/** @import { ChannelView, PageConfig, PlaygroundState, PostResult, View } from "./playground-types.js" */

/**
 * The page element with this id, of this type; the page's HTML always has it, so a miss is a bug.
 * @template {HTMLElement} T
 * @param {string} id
 * @param {{ new (): T, prototype: T }} type
 * @returns {T}
 */
export function byId(id, type) {
  const el = document.getElementById(id);
  if (!(el instanceof type)) throw new Error("the playground page has no " + type.name + " #" + id);
  return el;
}

/** @param {string} id */
export const $ = (id) => byId(id, HTMLElement);

/** @type {PageConfig} */
export const config = JSON.parse(byId("playground-config", HTMLScriptElement).textContent || "{}");

/** @type {View} */
export const view = {
  state: null,
  selected: null,
  pendingChannel: null,
  follow: null,
  openThreads: {},
  seen: {},
  dismissed: {},
  fetching: false,
  again: false,
};

/**
 * Who a user id is, as the page shows it: "you", "klaxon" or the id.
 * @param {string | undefined} id
 */
export function userName(id) {
  if (id === config.userId) return "you";
  if (view.state && id === view.state.botUserId) return "klaxon";
  return String(id || "someone");
}

/** @param {string} ts */
function tsParts(ts) {
  const p = String(ts).split(".");
  return [Number(p[0]) || 0, Number(p[1]) || 0];
}

/**
 * Orders messages by their Slack `ts` (seconds, then the sequence after the dot).
 * @param {{ readonly ts: string }} a
 * @param {{ readonly ts: string }} b
 */
export function tsCompare(a, b) {
  const [x0 = 0, x1 = 0] = tsParts(a.ts);
  const [y0 = 0, y1 = 0] = tsParts(b.ts);
  return x0 - y0 || x1 - y1;
}

/**
 * A message's time of day, e.g. "9:41 AM".
 * @param {string} ts
 */
export function timeOf(ts) {
  const [seconds = 0] = tsParts(ts);
  return new Date(seconds * 1000).toLocaleTimeString("en-US", { hour: "numeric", minute: "2-digit" });
}

/**
 * Shows a result line under the command box or the alarms.
 * @param {string} id
 * @param {boolean} ok
 * @param {string} text
 */
export function setStatus(id, ok, text) {
  const el = $(id);
  el.textContent = text;
  el.className = "status " + (ok ? "ok" : "error");
}

/**
 * Posts JSON and reads the JSON answer; a non-JSON answer or an unreachable server becomes `ok: false` with
 * a detail to show, so callers only ever render a status.
 * @param {string} url
 * @param {unknown} body
 * @returns {Promise<PostResult>}
 */
export function postJson(url, body) {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  })
    .then((res) =>
      res.text().then((text) => {
        /** @type {PostResult["data"]} */
        let data;
        try {
          data = JSON.parse(text);
        } catch {
          data = { ok: false, detail: text || res.statusText };
        }
        return { status: res.status, data: data };
      }),
    )
    .catch((e) => ({
      status: 0,
      data: { ok: false, detail: "the playground server is unreachable: " + e.message },
    }));
}

/**
 * Messages and replies in a channel, for unread counts and for following a fired alarm.
 * @param {ChannelView} c
 */
export function channelTotal(c) {
  return c.messages.reduce((n, m) => n + 1 + m.replies.length, 0);
}

/**
 * The channel with this id or name (with or without "#"), or null.
 * @param {string | null} key
 * @returns {ChannelView | null}
 */
export function findChannel(key) {
  if (!view.state || !key) return null;
  const name = String(key).replace(/^#/, "");
  return view.state.channels.filter((c) => c.id === key || c.name === name)[0] || null;
}

/**
 * Picks the channel to show after a state change: the one a command just ran in, else the first to grow
 * while following a fired alarm, else the current one, else #alerts or the first channel.
 * @param {PlaygroundState} st
 */
export function chooseChannel(st) {
  const pending = view.pendingChannel ? findChannel(view.pendingChannel) : null;
  if (pending) {
    view.selected = pending.id;
    view.pendingChannel = null;
  }
  const follow = view.follow;
  if (follow) {
    if (Date.now() > follow.until) view.follow = null;
    else {
      const grown = st.channels.filter((c) => channelTotal(c) > (follow.totals[c.id] || 0))[0];
      if (grown) {
        view.selected = grown.id;
        view.follow = null;
      }
    }
  }
  if (view.selected && !findChannel(view.selected)) view.selected = null;
  const first = findChannel("alerts") || st.channels[0];
  if (!view.selected && first) view.selected = first.id;
}

/** For the next 15 s, switch to whichever channel grows first (where a fired alarm lands). */
export function startFollow() {
  /** @type {Record<string, number>} */
  const totals = {};
  (view.state ? view.state.channels : []).forEach((c) => {
    totals[c.id] = channelTotal(c);
  });
  view.follow = { until: Date.now() + 15000, totals: totals };
}
