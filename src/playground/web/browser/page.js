// @ts-check
/**
 * The page's workspace view: the channel sidebar, the command box's channel list and the message timeline
 * (messages, thread replies, ephemeral messages, edits), rendered from the last `/playground/state`, and
 * posting block actions. `page-controls.js` adds the command box, the alarms panel and live updates.
 */
/** @import { ActionControl, ActionRequest, ChannelView, MessageContent, MessageView, PlaygroundState, RenderContext } from "./playground-types.js" */

import {
  $,
  byId,
  channelTotal,
  chooseChannel,
  findChannel,
  postJson,
  setStatus,
  timeOf,
  tsCompare,
  userName,
  view,
} from "./page-state.js";
import { h, renderMrkdwnText } from "./render-blocks.js";
import { renderAttachments, renderBlocks, renderFiles } from "./render-layout.js";

/**
 * Shows a channel (and stops following a fired alarm).
 * @param {string} id
 */
export function selectChannel(id) {
  view.selected = id;
  view.follow = null;
  render();
}

/** @param {PlaygroundState} st */
function renderSidebar(st) {
  const list = $("channel-list");
  list.textContent = "";
  st.channels.forEach((c) => {
    const total = channelTotal(c);
    if (c.id === view.selected) view.seen[c.id] = total;
    const unread = total - (view.seen[c.id] || 0);
    const item = h(
      "li",
      {
        class: "channel-item" + (c.id === view.selected ? " active" : "") + (unread > 0 ? " unread" : ""),
        "data-testid": "channel-item",
        "data-channel-name": c.name,
        "data-channel-id": c.id,
        tabindex: "0",
      },
      [
        h("span", { class: "hash" }, ["#"]),
        h("span", { class: "cname" }, [c.name]),
        unread > 0 ? h("span", { class: "badge" }, [String(unread)]) : null,
      ],
    );
    item.addEventListener("click", () => {
      selectChannel(c.id);
    });
    item.addEventListener("keydown", (e) => {
      if (e.key === "Enter") selectChannel(c.id);
    });
    list.appendChild(item);
  });
  $("no-channels").hidden = st.channels.length > 0;
}

/**
 * @param {MessageView} m
 * @returns {RenderContext}
 */
function messageCtx(m) {
  return {
    userName: userName,
    interactive: true,
    disabledReason: "",
    selection: (blockId, actionId) => {
      const chosen = m.selections?.[blockId]?.[String(actionId)];
      return Array.isArray(chosen) ? chosen : null;
    },
    onAction: (req, control) => {
      sendAction(m, req, control);
    },
  };
}

const EPHEMERAL_CTX_REASON = "Buttons on ephemeral messages are not supported by the playground yet";

/** @returns {RenderContext} */
function ephemeralCtx() {
  return {
    userName: userName,
    interactive: false,
    disabledReason: EPHEMERAL_CTX_REASON,
    selection: () => null,
    onAction: () => {},
  };
}

/**
 * @param {MessageView} m
 * @param {ActionRequest} req
 * @param {ActionControl} control
 */
function sendAction(m, req, control) {
  /** @type {Record<string, unknown>} */
  const body = { channelId: m.channel, messageTs: m.ts, actionId: req.actionId, kind: req.kind };
  if (req.blockId) body.blockId = req.blockId;
  if (req.selectedValues) body.selectedValues = req.selectedValues;
  if (req.selectedOptionValue) body.selectedOptionValue = req.selectedOptionValue;
  if (control) control.disabled = true;
  postJson("/playground/action", body).then((r) => {
    if (control) control.disabled = false;
    const label = req.kind === "button" && control ? "“" + control.textContent + "”" : req.actionId;
    setStatus("command-status", r.status === 200 && r.data.ok, label + ": " + r.data.detail);
  });
}

/**
 * @param {MessageContent} m
 * @param {RenderContext} ctx
 */
function messageContent(m, ctx) {
  /** @type {HTMLElement[]} */
  const parts = [];
  if (Array.isArray(m.blocks) && m.blocks.length > 0) parts.push(renderBlocks(m.blocks, ctx));
  else if (m.text) parts.push(renderMrkdwnText(m.text, ctx));
  if (Array.isArray(m.attachments) && m.attachments.length > 0)
    parts.push(renderAttachments(m.attachments, ctx));
  if (Array.isArray(m.files) && m.files.length > 0) parts.push(renderFiles(m.files));
  return parts;
}

/**
 * @param {boolean} isBot
 * @param {string} name
 */
function avatar(isBot, name) {
  return h("div", { class: "avatar" + (isBot ? " bot" : "") }, [isBot ? "K" : name.charAt(0).toUpperCase()]);
}

/**
 * @param {MessageView} m
 * @param {boolean} reply
 * @param {readonly MessageContent[]} threadEphemerals
 * @returns {HTMLDivElement}
 */
function renderMessage(m, reply, threadEphemerals) {
  const isBot = Boolean(m.bot_id) || m.user === view.state?.botUserId;
  const name = isBot ? "klaxon" : userName(m.user);
  const head = h("div", { class: "msg-head" }, [
    h("span", { class: "author" }, [name]),
    isBot ? h("span", { class: "app-badge" }, ["APP"]) : null,
    h("span", { class: "time", title: m.ts }, [timeOf(m.ts)]),
    m.edited ? h("span", { class: "edited", "data-testid": "edited" }, ["(edited)"]) : null,
  ]);
  const body = h("div", { class: "msg-body" }, [head, ...messageContent(m, messageCtx(m))]);
  const root = h(
    "div",
    {
      class: "msg" + (reply ? " reply" : ""),
      "data-testid": reply ? "thread-reply" : "message",
      "data-ts": m.ts,
      "data-channel": m.channel,
    },
    [avatar(isBot, name), body],
  );
  const replies = m.replies || [];
  if (!reply && (replies.length > 0 || threadEphemerals.length > 0)) {
    const key = m.channel + "/" + m.ts;
    const open = Boolean(view.openThreads[key]);
    const count = replies.length;
    const toggle = h("button", { type: "button", class: "thread-toggle", "data-testid": "thread-toggle" }, [
      open ? "Hide replies" : count + (count === 1 ? " reply" : " replies"),
    ]);
    toggle.addEventListener("click", () => {
      view.openThreads[key] = !open;
      render();
    });
    body.appendChild(toggle);
    if (open) {
      const items = replies
        .map((r) => ({ ts: r.ts, node: () => renderMessage(r, true, []) }))
        .concat(threadEphemerals.map((e) => ({ ts: e.ts, node: () => renderEphemeral(e) })));
      items.sort(tsCompare);
      body.appendChild(
        h(
          "div",
          { class: "thread", "data-testid": "thread" },
          items.map((i) => i.node()),
        ),
      );
    }
  }
  return root;
}

/** @param {MessageContent} e */
function renderEphemeral(e) {
  const note = h("div", { class: "ephemeral-note" }, ["👁 Only visible to you"]);
  const dismiss = h("button", { type: "button", class: "link-btn" }, ["Dismiss"]);
  dismiss.addEventListener("click", () => {
    view.dismissed[e.ts] = true;
    render();
  });
  note.appendChild(dismiss);
  const head = h("div", { class: "msg-head" }, [
    h("span", { class: "author" }, ["klaxon"]),
    h("span", { class: "app-badge" }, ["APP"]),
    h("span", { class: "time" }, [timeOf(e.ts)]),
  ]);
  const body = h("div", { class: "msg-body" }, [note, head, ...messageContent(e, ephemeralCtx())]);
  return h("div", { class: "msg ephemeral", "data-testid": "ephemeral-message", "data-ts": e.ts }, [
    avatar(true, "klaxon"),
    body,
  ]);
}

/** @param {ChannelView | null} channel */
function renderTimeline(channel) {
  const box = $("messages");
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  const keep = box.scrollTop;
  box.textContent = "";
  if (!channel) {
    box.appendChild(
      h("div", { class: "empty" }, [
        "Nothing here yet. Fire a sample alarm on the right, or type a command below (try /klaxon help).",
      ]),
    );
    return;
  }
  /** @type {Record<string, boolean>} */
  const tops = {};
  channel.messages.forEach((m) => {
    tops[m.ts] = true;
  });
  const visible = channel.ephemerals.filter((e) => !view.dismissed[e.ts]);
  /** @param {MessageContent} e */
  const inThread = (e) => e.thread_ts && tops[e.thread_ts];
  const items = channel.messages
    .map((m) => {
      const mine = visible.filter((e) => e.thread_ts === m.ts);
      return { ts: m.ts, node: () => renderMessage(m, false, mine) };
    })
    .concat(visible.filter((e) => !inThread(e)).map((e) => ({ ts: e.ts, node: () => renderEphemeral(e) })));
  items.sort(tsCompare);
  if (items.length === 0)
    box.appendChild(h("div", { class: "empty" }, ["No messages in #" + channel.name + " yet."]));
  items.forEach((i) => {
    box.appendChild(i.node());
  });
  box.scrollTop = atBottom ? box.scrollHeight : keep;
}

/** Lists the channels in the command box's channel selector, keeping its choice. */
export function renderChannelSelect() {
  const sel = byId("command-channel", HTMLSelectElement);
  const current = view.selected || sel.value || "#alerts";
  sel.textContent = "";
  const channels = view.state ? view.state.channels : [];
  channels.forEach((c) => {
    sel.appendChild(h("option", { value: c.id }, ["#" + c.name]));
  });
  if (!findChannel("alerts")) sel.appendChild(h("option", { value: "#alerts" }, ["#alerts"]));
  sel.value = current;
  if (sel.value !== current) sel.selectedIndex = 0;
}

/** Renders the whole page from the last state (nothing before the first one arrives). */
export function render() {
  if (!view.state) return;
  chooseChannel(view.state);
  const channel = findChannel(view.selected);
  renderSidebar(view.state);
  renderChannelSelect();
  $("channel-title").textContent = channel ? "# " + channel.name : "klaxon playground";
  $("channel-sub").textContent = channel
    ? channel.messages.length + (channel.messages.length === 1 ? " message · " : " messages · ") + channel.id
    : "a local Slack for trying klaxon";
  renderTimeline(channel);
}

/** Fetches `/playground/state` and renders it; calls while a fetch runs coalesce into one more fetch. */
export function fetchState() {
  if (view.fetching) {
    view.again = true;
    return;
  }
  view.fetching = true;
  fetch("/playground/state", { cache: "no-store" })
    .then((res) => res.json())
    .then((/** @type {PlaygroundState} */ st) => {
      view.state = st;
      render();
    })
    .catch(() => {
      $("live-status").textContent = "○ state unavailable";
    })
    .then(() => {
      view.fetching = false;
      if (view.again) {
        view.again = false;
        fetchState();
      }
    });
}
