/**
 * Browser JavaScript that turns Block Kit into DOM, building every node with `createElement` and text nodes
 * (never `innerHTML`), so Slack content can only ever be text. Needs `MRKDWN_SCRIPT` loaded first. Defines
 * `h`, `renderText`, `renderInline` and `renderBlocks(blocks, ctx)` where `ctx` supplies `userName(id)`,
 * `selection(blockId, actionId)`, `interactive` and `onAction(request, control)`.
 */
export const RENDER_BLOCKS_SCRIPT = String.raw`
var EMOJI = {
  rotating_light: "🚨", white_check_mark: "✅", heavy_check_mark: "✔️", warning: "⚠️", red_circle: "🔴",
  large_green_circle: "🟢", large_yellow_circle: "🟡", white_circle: "⚪", eyes: "👀", fire: "🔥", x: "❌",
  mag: "🔍", hourglass: "⌛", hourglass_flowing_sand: "⏳", bell: "🔔", memo: "📝", link: "🔗", repeat: "🔁",
  chart_with_upwards_trend: "📈", zzz: "💤", books: "📚", book: "📖", sparkles: "✨", bulb: "💡",
  information_source: "ℹ️", clock1: "🕐", stopwatch: "⏱️", tada: "🎉", thumbsup: "👍", "+1": "👍", wave: "👋",
  clipboard: "📋", no_entry: "⛔", no_entry_sign: "🚫", pushpin: "📌", hammer_and_wrench: "🛠️", stop_sign: "🛑"
};

function emojify(text) {
  return String(text).replace(/:([a-z0-9_+-]+):/g, function (whole, name) {
    return Object.prototype.hasOwnProperty.call(EMOJI, name) ? EMOJI[name] : whole;
  });
}

function h(tag, attrs, children) {
  var e = document.createElement(tag);
  var a = attrs || {};
  for (var k in a) {
    if (!Object.prototype.hasOwnProperty.call(a, k) || a[k] === undefined || a[k] === null || a[k] === false) continue;
    if (k === "class") e.className = a[k];
    else if (k === "text") e.textContent = String(a[k]);
    else e.setAttribute(k, String(a[k]));
  }
  (children || []).forEach(function (c) {
    if (c === null || c === undefined || c === false) return;
    e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
  });
  return e;
}

function safeImageUrl(url) {
  var u = String(url || "");
  return /^(https?:\/\/|data:image\/(png|jpeg|gif|webp);)/i.test(u) ? u : "";
}

function pill(kind, text) {
  return h("span", { class: "pill pill-" + kind, "data-testid": "pill-" + kind }, [text]);
}

function inlineNode(n, ctx) {
  switch (n.t) {
    case "text": return document.createTextNode(emojify(n.v));
    case "br": return h("br");
    case "b": return h("strong", {}, [renderInline(n.c, ctx)]);
    case "i": return h("em", {}, [renderInline(n.c, ctx)]);
    case "s": return h("del", {}, [renderInline(n.c, ctx)]);
    case "code": return h("code", { class: "mk-code" }, [n.v]);
    case "pre": return h("pre", { class: "mk-pre" }, [n.v]);
    case "quote": return h("blockquote", { class: "mk-quote" }, [renderInline(n.c, ctx)]);
    case "link": return h("a", { href: n.url, target: "_blank", rel: "noopener noreferrer" }, [emojify(n.label)]);
    case "user": return pill("user", "@" + (n.label || ctx.userName(n.id)));
    case "channel": return pill("channel", "#" + (n.label || n.id));
    case "broadcast": return pill("broadcast", "@" + n.v);
    case "usergroup": return pill("usergroup", "@" + ((n.label || "").replace(/^@/, "") || n.id));
    case "date": {
      var text = formatSlackDate(n.epoch, n.format, n.fallback);
      var span = h("span", { class: "mk-date", title: n.fallback || "" }, [text]);
      return n.link ? h("a", { href: n.link, target: "_blank", rel: "noopener noreferrer" }, [span]) : span;
    }
    default: return document.createTextNode("");
  }
}

function renderInline(nodes, ctx) {
  var f = document.createDocumentFragment();
  (nodes || []).forEach(function (n) { f.appendChild(inlineNode(n, ctx)); });
  return f;
}

function plainOf(obj) {
  if (!obj || typeof obj !== "object") return "";
  return obj.emoji === false ? String(obj.text || "") : emojify(obj.text || "");
}

function renderText(obj, ctx) {
  if (!obj || typeof obj !== "object") return document.createTextNode("");
  if (obj.type === "mrkdwn") return h("span", { class: "mrkdwn" }, [renderInline(parseMrkdwn(obj.text), ctx)]);
  return h("span", { class: "plain" }, [plainOf(obj)]);
}

function renderMrkdwnText(text, ctx) {
  return h("div", { class: "mrkdwn" }, [renderInline(parseMrkdwn(text), ctx)]);
}

function optionsOf(el) {
  var list = Array.isArray(el.options) ? el.options.slice() : [];
  (Array.isArray(el.option_groups) ? el.option_groups : []).forEach(function (g) {
    (Array.isArray(g.options) ? g.options : []).forEach(function (o) { list.push(o); });
  });
  return list.filter(function (o) { return o && typeof o === "object"; });
}

function confirmed(el) {
  var c = el.confirm;
  if (!c || typeof c !== "object") return true;
  return window.confirm([plainOf(c.title), c.text ? c.text.text : "", "(" + plainOf(c.confirm || { text: "OK" }) + ")"].join("\n"));
}

function blockIdOf(block) {
  return typeof block.block_id === "string" && block.block_id ? block.block_id : undefined;
}

function renderButton(el, block, ctx) {
  var style = el.style === "primary" ? " primary" : el.style === "danger" ? " danger" : "";
  var url = el.url ? safeUrl(String(el.url)) : "";
  var b = h("button", {
    type: "button", class: "bk-btn" + style, "data-testid": "block-button",
    "data-action-id": el.action_id || "", "data-url": url || undefined
  }, [plainOf(el.text)]);
  if (!ctx.interactive) { b.disabled = true; b.title = ctx.disabledReason; }
  b.addEventListener("click", function () {
    if (!confirmed(el)) return;
    if (url) window.open(url, "_blank", "noopener,noreferrer");
    if (el.action_id) ctx.onAction({ kind: "button", actionId: el.action_id, blockId: blockIdOf(block) }, b);
  });
  return b;
}

function renderChoices(el, block, ctx, type) {
  var blockId = blockIdOf(block);
  var chosen = ctx.selection(blockId || "", el.action_id);
  var initial = type === "checkbox"
    ? (el.initial_options || []).map(function (o) { return o.value; })
    : (el.initial_option ? [el.initial_option.value] : []);
  var selected = chosen || initial;
  var group = "g" + Math.random().toString(36).slice(2);
  var box = h("div", {
    class: "bk-choices", "data-testid": type === "checkbox" ? "block-checkboxes" : "block-radios",
    "data-action-id": el.action_id || ""
  });
  optionsOf(el).forEach(function (opt) {
    var input = h("input", { type: type, name: group, "data-testid": type, "data-value": opt.value });
    input.checked = selected.indexOf(opt.value) >= 0;
    if (!ctx.interactive) input.disabled = true;
    input.addEventListener("change", function () {
      var inputs = Array.prototype.slice.call(box.querySelectorAll("input"));
      var values = inputs.filter(function (i) { return i.checked; }).map(function (i) { return i.getAttribute("data-value"); });
      var req = type === "checkbox"
        ? { kind: "checkboxes", actionId: el.action_id, blockId: blockId, selectedValues: values }
        : { kind: "select", actionId: el.action_id, blockId: blockId, selectedOptionValue: opt.value };
      ctx.onAction(req, input);
    });
    box.appendChild(h("label", { class: "bk-option" }, [
      input,
      h("span", { class: "bk-option-text" }, [
        renderText(opt.text, ctx),
        opt.description ? h("span", { class: "bk-option-desc" }, [renderText(opt.description, ctx)]) : null
      ])
    ]));
  });
  return box;
}

function renderSelect(el, block, ctx) {
  var blockId = blockIdOf(block);
  var chosen = ctx.selection(blockId || "", el.action_id);
  var current = chosen ? chosen[0] : el.initial_option ? el.initial_option.value : "";
  var placeholder = el.type === "overflow" ? "⋯" : plainOf(el.placeholder) || "Select an option";
  var sel = h("select", { class: "bk-select", "data-testid": "block-select", "data-action-id": el.action_id || "" }, [
    h("option", { value: "" }, [placeholder])
  ]);
  optionsOf(el).forEach(function (o) { sel.appendChild(h("option", { value: o.value }, [plainOf(o.text)])); });
  sel.value = current || "";
  if (!ctx.interactive) sel.disabled = true;
  sel.addEventListener("change", function () {
    if (!sel.value) return;
    ctx.onAction({ kind: "select", actionId: el.action_id, blockId: blockId, selectedOptionValue: sel.value }, sel);
  });
  return sel;
}

function renderImage(el, cls) {
  var url = safeImageUrl(el.image_url);
  return url ? h("img", { class: cls, src: url, alt: el.alt_text || "", title: el.alt_text || "" }) : h("span", { class: "bk-muted" }, ["[image]"]);
}

function renderElement(el, block, ctx) {
  if (!el || typeof el !== "object") return null;
  switch (el.type) {
    case "button": return renderButton(el, block, ctx);
    case "checkboxes": return renderChoices(el, block, ctx, "checkbox");
    case "radio_buttons": return renderChoices(el, block, ctx, "radio");
    case "static_select": case "overflow": return renderSelect(el, block, ctx);
    case "image": return renderImage(el, "bk-accessory-image");
    default: return h("span", { class: "bk-unsupported" }, ["[" + el.type + "]"]);
  }
}
`;
