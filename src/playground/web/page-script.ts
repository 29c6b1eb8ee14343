/**
 * Browser JavaScript for the page's workspace view: state fetching, the channel sidebar and the message
 * timeline (messages, thread replies, ephemeral messages, edits), and posting block actions. Needs the
 * render scripts loaded first; `PAGE_CONTROLS_SCRIPT` adds the command box, alarms panel and live updates.
 */
export const PAGE_SCRIPT = `
var config = JSON.parse(document.getElementById("playground-config").textContent || "{}");
var view = {
  state: null, selected: null, pendingChannel: null, follow: null,
  openThreads: {}, seen: {}, dismissed: {}, fetching: false, again: false
};
var $ = function (id) { return document.getElementById(id); };

function userName(id) {
  if (id === config.userId) return "you";
  if (view.state && id === view.state.botUserId) return "klaxon";
  return String(id || "someone");
}

function tsParts(ts) {
  var p = String(ts).split(".");
  return [Number(p[0]) || 0, Number(p[1]) || 0];
}

function tsCompare(a, b) {
  var x = tsParts(a.ts), y = tsParts(b.ts);
  return x[0] - y[0] || x[1] - y[1];
}

function timeOf(ts) {
  return new Date(tsParts(ts)[0] * 1000).toLocaleTimeString("en-US", { hour: "numeric", minute: "2-digit" });
}

function setStatus(id, ok, text) {
  var el = $(id);
  el.textContent = text;
  el.className = "status " + (ok ? "ok" : "error");
}

function postJson(url, body) {
  return fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
    .then(function (res) {
      return res.text().then(function (text) {
        var data;
        try { data = JSON.parse(text); } catch (e) { data = { ok: false, detail: text || res.statusText }; }
        return { status: res.status, data: data };
      });
    })
    .catch(function (e) { return { status: 0, data: { ok: false, detail: "the playground server is unreachable: " + e.message } }; });
}

function channelTotal(c) {
  return c.messages.reduce(function (n, m) { return n + 1 + m.replies.length; }, 0);
}

function findChannel(key) {
  if (!view.state || !key) return null;
  var name = String(key).replace(/^#/, "");
  return view.state.channels.filter(function (c) { return c.id === key || c.name === name; })[0] || null;
}

function chooseChannel() {
  var st = view.state;
  if (view.pendingChannel && findChannel(view.pendingChannel)) {
    view.selected = findChannel(view.pendingChannel).id;
    view.pendingChannel = null;
  }
  if (view.follow) {
    if (Date.now() > view.follow.until) view.follow = null;
    else {
      var grown = st.channels.filter(function (c) { return channelTotal(c) > (view.follow.totals[c.id] || 0); })[0];
      if (grown) { view.selected = grown.id; view.follow = null; }
    }
  }
  if (view.selected && !findChannel(view.selected)) view.selected = null;
  if (!view.selected && st.channels.length > 0) view.selected = (findChannel("alerts") || st.channels[0]).id;
}

function startFollow() {
  var totals = {};
  (view.state ? view.state.channels : []).forEach(function (c) { totals[c.id] = channelTotal(c); });
  view.follow = { until: Date.now() + 15000, totals: totals };
}

function selectChannel(id) {
  view.selected = id;
  view.follow = null;
  render();
}

function renderSidebar() {
  var list = $("channel-list");
  list.textContent = "";
  view.state.channels.forEach(function (c) {
    var total = channelTotal(c);
    if (c.id === view.selected) view.seen[c.id] = total;
    var unread = total - (view.seen[c.id] || 0);
    var item = h("li", {
      class: "channel-item" + (c.id === view.selected ? " active" : "") + (unread > 0 ? " unread" : ""),
      "data-testid": "channel-item", "data-channel-name": c.name, "data-channel-id": c.id, tabindex: "0"
    }, [h("span", { class: "hash" }, ["#"]), h("span", { class: "cname" }, [c.name]),
      unread > 0 ? h("span", { class: "badge" }, [String(unread)]) : null]);
    item.addEventListener("click", function () { selectChannel(c.id); });
    item.addEventListener("keydown", function (e) { if (e.key === "Enter") selectChannel(c.id); });
    list.appendChild(item);
  });
  $("no-channels").hidden = view.state.channels.length > 0;
}

function messageCtx(m) {
  return {
    userName: userName,
    interactive: true,
    disabledReason: "",
    selection: function (blockId, actionId) {
      var s = m.selections && m.selections[blockId];
      return s && Array.isArray(s[actionId]) ? s[actionId] : null;
    },
    onAction: function (req, control) { sendAction(m, req, control); }
  };
}

var EPHEMERAL_CTX_REASON = "Buttons on ephemeral messages are not supported by the playground yet";

function ephemeralCtx() {
  return { userName: userName, interactive: false, disabledReason: EPHEMERAL_CTX_REASON,
    selection: function () { return null; }, onAction: function () {} };
}

function sendAction(m, req, control) {
  var body = { channelId: m.channel, messageTs: m.ts, actionId: req.actionId, kind: req.kind };
  if (req.blockId) body.blockId = req.blockId;
  if (req.selectedValues) body.selectedValues = req.selectedValues;
  if (req.selectedOptionValue) body.selectedOptionValue = req.selectedOptionValue;
  if (control) control.disabled = true;
  postJson("/playground/action", body).then(function (r) {
    if (control) control.disabled = false;
    var label = req.kind === "button" && control ? "“" + control.textContent + "”" : req.actionId;
    setStatus("command-status", r.status === 200 && r.data.ok, label + ": " + r.data.detail);
  });
}

function messageContent(m, ctx) {
  var parts = [];
  if (Array.isArray(m.blocks) && m.blocks.length > 0) parts.push(renderBlocks(m.blocks, ctx));
  else if (m.text) parts.push(renderMrkdwnText(m.text, ctx));
  if (Array.isArray(m.attachments) && m.attachments.length > 0) parts.push(renderAttachments(m.attachments, ctx));
  if (Array.isArray(m.files) && m.files.length > 0) parts.push(renderFiles(m.files));
  return parts;
}

function avatar(isBot, name) {
  return h("div", { class: "avatar" + (isBot ? " bot" : "") }, [isBot ? "K" : name.charAt(0).toUpperCase()]);
}

function renderMessage(m, reply, threadEphemerals) {
  var isBot = Boolean(m.bot_id) || m.user === view.state.botUserId;
  var name = isBot ? "klaxon" : userName(m.user);
  var head = h("div", { class: "msg-head" }, [
    h("span", { class: "author" }, [name]), isBot ? h("span", { class: "app-badge" }, ["APP"]) : null,
    h("span", { class: "time", title: m.ts }, [timeOf(m.ts)]),
    m.edited ? h("span", { class: "edited", "data-testid": "edited" }, ["(edited)"]) : null
  ]);
  var body = h("div", { class: "msg-body" }, [head].concat(messageContent(m, messageCtx(m))));
  var root = h("div", {
    class: "msg" + (reply ? " reply" : ""), "data-testid": reply ? "thread-reply" : "message",
    "data-ts": m.ts, "data-channel": m.channel
  }, [avatar(isBot, name), body]);
  var replies = m.replies || [];
  if (!reply && (replies.length > 0 || threadEphemerals.length > 0)) {
    var key = m.channel + "/" + m.ts;
    var open = Boolean(view.openThreads[key]);
    var count = replies.length;
    var toggle = h("button", { type: "button", class: "thread-toggle", "data-testid": "thread-toggle" }, [
      open ? "Hide replies" : count + (count === 1 ? " reply" : " replies")
    ]);
    toggle.addEventListener("click", function () { view.openThreads[key] = !open; render(); });
    body.appendChild(toggle);
    if (open) {
      var items = replies.map(function (r) { return { ts: r.ts, node: function () { return renderMessage(r, true, []); } }; })
        .concat(threadEphemerals.map(function (e) { return { ts: e.ts, node: function () { return renderEphemeral(e); } }; }));
      items.sort(tsCompare);
      body.appendChild(h("div", { class: "thread", "data-testid": "thread" }, items.map(function (i) { return i.node(); })));
    }
  }
  return root;
}

function renderEphemeral(e) {
  var note = h("div", { class: "ephemeral-note" }, ["👁 Only visible to you"]);
  var dismiss = h("button", { type: "button", class: "link-btn" }, ["Dismiss"]);
  dismiss.addEventListener("click", function () { view.dismissed[e.ts] = true; render(); });
  note.appendChild(dismiss);
  var head = h("div", { class: "msg-head" }, [
    h("span", { class: "author" }, ["klaxon"]), h("span", { class: "app-badge" }, ["APP"]),
    h("span", { class: "time" }, [timeOf(e.ts)])
  ]);
  var body = h("div", { class: "msg-body" }, [note, head].concat(messageContent(e, ephemeralCtx())));
  return h("div", { class: "msg ephemeral", "data-testid": "ephemeral-message", "data-ts": e.ts }, [avatar(true, "klaxon"), body]);
}

function renderTimeline(channel) {
  var box = $("messages");
  var atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  var keep = box.scrollTop;
  box.textContent = "";
  if (!channel) {
    box.appendChild(h("div", { class: "empty" }, ["Nothing here yet. Fire a sample alarm on the right, or type a command below (try /klaxon help)."]));
    return;
  }
  var tops = {};
  channel.messages.forEach(function (m) { tops[m.ts] = true; });
  var visible = channel.ephemerals.filter(function (e) { return !view.dismissed[e.ts]; });
  var inThread = function (e) { return e.thread_ts && tops[e.thread_ts]; };
  var items = channel.messages.map(function (m) {
    var mine = visible.filter(function (e) { return e.thread_ts === m.ts; });
    return { ts: m.ts, node: function () { return renderMessage(m, false, mine); } };
  }).concat(visible.filter(function (e) { return !inThread(e); }).map(function (e) {
    return { ts: e.ts, node: function () { return renderEphemeral(e); } };
  }));
  items.sort(tsCompare);
  if (items.length === 0) box.appendChild(h("div", { class: "empty" }, ["No messages in #" + channel.name + " yet."]));
  items.forEach(function (i) { box.appendChild(i.node()); });
  box.scrollTop = atBottom ? box.scrollHeight : keep;
}

function render() {
  if (!view.state) return;
  chooseChannel();
  var channel = findChannel(view.selected);
  renderSidebar();
  renderChannelSelect();
  $("channel-title").textContent = channel ? "# " + channel.name : "klaxon playground";
  $("channel-sub").textContent = channel ? channel.messages.length + (channel.messages.length === 1 ? " message · " : " messages · ") + channel.id : "a local Slack for trying klaxon";
  renderTimeline(channel);
}

function fetchState() {
  if (view.fetching) { view.again = true; return; }
  view.fetching = true;
  fetch("/playground/state", { cache: "no-store" })
    .then(function (res) { return res.json(); })
    .then(function (st) { view.state = st; render(); })
    .catch(function () { $("live-status").textContent = "○ state unavailable"; })
    .then(function () {
      view.fetching = false;
      if (view.again) { view.again = false; fetchState(); }
    });
}
`;
