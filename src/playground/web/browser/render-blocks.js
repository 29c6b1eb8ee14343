// @ts-check
/**
 * Turns Block Kit elements and text into DOM, building every node with `createElement` and text nodes (never
 * `innerHTML`), so Slack content can only ever be text. `render-layout.js` builds the blocks around them.
 */
/** @import { ActionRequest, Block, KitElement, MrkdwnNode, OptionObject, RenderContext, TextObject } from "./playground-types.js" */
import { emojify } from "./emoji.js";
import { formatSlackDate, parseMrkdwn, safeUrl } from "./mrkdwn.js";

/** @typedef {Node | string | null | undefined | false} Child */

/**
 * Creates an element with attributes (`class` and `text` are set as properties; null, undefined and false are
 * left out) and children (strings become text nodes; null, undefined and false are skipped).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Readonly<Record<string, string | number | boolean | null | undefined>>} [attrs]
 * @param {readonly Child[]} [children]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs, children) {
  const e = document.createElement(tag);
  const a = attrs || {};
  for (const k in a) {
    if (!Object.hasOwn(a, k) || a[k] === undefined || a[k] === null || a[k] === false) continue;
    if (k === "class") e.className = String(a[k]);
    else if (k === "text") e.textContent = String(a[k]);
    else e.setAttribute(k, String(a[k]));
  }
  (children || []).forEach((c) => {
    if (c === null || c === undefined || c === false) return;
    e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
  });
  return e;
}

/**
 * The list when it is an array, else an empty one: Slack content is checked, not trusted.
 * @template T
 * @param {readonly T[] | undefined} list
 * @returns {readonly T[]}
 */
export function listOf(list) {
  return Array.isArray(list) ? list : [];
}

/** @param {string | undefined} url */
function safeImageUrl(url) {
  const u = String(url || "");
  return /^(https?:\/\/|data:image\/(png|jpeg|gif|webp);)/i.test(u) ? u : "";
}

/**
 * A mention pill: user, channel, usergroup or broadcast.
 * @param {string} kind
 * @param {string} text
 */
export function pill(kind, text) {
  return h("span", { class: "pill pill-" + kind, "data-testid": "pill-" + kind }, [text]);
}

/**
 * @param {MrkdwnNode} n
 * @param {RenderContext} ctx
 * @returns {Node}
 */
function inlineNode(n, ctx) {
  switch (n.t) {
    case "text":
      return document.createTextNode(emojify(n.v));
    case "br":
      return h("br");
    case "b":
      return h("strong", {}, [renderInline(n.c, ctx)]);
    case "i":
      return h("em", {}, [renderInline(n.c, ctx)]);
    case "s":
      return h("del", {}, [renderInline(n.c, ctx)]);
    case "code":
      return h("code", { class: "mk-code" }, [n.v]);
    case "pre":
      return h("pre", { class: "mk-pre" }, [n.v]);
    case "quote":
      return h("blockquote", { class: "mk-quote" }, [renderInline(n.c, ctx)]);
    case "link":
      return h("a", { href: n.url, target: "_blank", rel: "noopener noreferrer" }, [emojify(n.label)]);
    case "user":
      return pill("user", "@" + (n.label || ctx.userName(n.id)));
    case "channel":
      return pill("channel", "#" + (n.label || n.id));
    case "broadcast":
      return pill("broadcast", "@" + n.v);
    case "usergroup":
      return pill("usergroup", "@" + ((n.label || "").replace(/^@/, "") || n.id));
    case "date": {
      const text = formatSlackDate(n.epoch, n.format, n.fallback);
      const span = h("span", { class: "mk-date", title: n.fallback || "" }, [text]);
      return n.link ? h("a", { href: n.link, target: "_blank", rel: "noopener noreferrer" }, [span]) : span;
    }
    default:
      return document.createTextNode("");
  }
}

/**
 * @param {readonly MrkdwnNode[]} nodes
 * @param {RenderContext} ctx
 */
function renderInline(nodes, ctx) {
  const f = document.createDocumentFragment();
  (nodes || []).forEach((n) => {
    f.appendChild(inlineNode(n, ctx));
  });
  return f;
}

/**
 * A text object's text with emoji codes replaced (unless `emoji: false`), "" when it is not an object.
 * @param {TextObject | undefined} obj
 */
export function plainOf(obj) {
  if (!obj || typeof obj !== "object") return "";
  return obj.emoji === false ? String(obj.text || "") : emojify(obj.text || "");
}

/**
 * A text object as DOM: mrkdwn parsed, plain text as is.
 * @param {TextObject | undefined} obj
 * @param {RenderContext} ctx
 */
export function renderText(obj, ctx) {
  if (!obj || typeof obj !== "object") return document.createTextNode("");
  if (obj.type === "mrkdwn")
    return h("span", { class: "mrkdwn" }, [renderInline(parseMrkdwn(obj.text), ctx)]);
  return h("span", { class: "plain" }, [plainOf(obj)]);
}

/**
 * A message's or attachment's mrkdwn `text` as a block of DOM.
 * @param {string} text
 * @param {RenderContext} ctx
 */
export function renderMrkdwnText(text, ctx) {
  return h("div", { class: "mrkdwn" }, [renderInline(parseMrkdwn(text), ctx)]);
}

/**
 * @param {KitElement} el
 * @returns {OptionObject[]}
 */
function optionsOf(el) {
  /** @type {OptionObject[]} */
  const list = listOf(el.options).slice();
  listOf(el.option_groups).forEach((g) => {
    listOf(g.options).forEach((o) => {
      list.push(o);
    });
  });
  return list.filter((o) => o && typeof o === "object");
}

/** @param {KitElement} el */
function confirmed(el) {
  const c = el.confirm;
  if (!c || typeof c !== "object") return true;
  return window.confirm(
    [plainOf(c.title), c.text ? c.text.text : "", "(" + plainOf(c.confirm || { text: "OK" }) + ")"].join(
      "\n",
    ),
  );
}

/** @param {Block} block */
function blockIdOf(block) {
  return typeof block.block_id === "string" && block.block_id ? block.block_id : undefined;
}

/**
 * @param {KitElement} el
 * @param {Block} block
 * @param {RenderContext} ctx
 */
function renderButton(el, block, ctx) {
  const style = el.style === "primary" ? " primary" : el.style === "danger" ? " danger" : "";
  const url = el.url ? safeUrl(String(el.url)) : "";
  const b = h(
    "button",
    {
      type: "button",
      class: "bk-btn" + style,
      "data-testid": "block-button",
      "data-action-id": el.action_id || "",
      "data-url": url || undefined,
    },
    [plainOf(el.text)],
  );
  if (!ctx.interactive) {
    b.disabled = true;
    b.title = ctx.disabledReason;
  }
  b.addEventListener("click", () => {
    if (!confirmed(el)) return;
    if (url) window.open(url, "_blank", "noopener,noreferrer");
    if (el.action_id) ctx.onAction({ kind: "button", actionId: el.action_id, blockId: blockIdOf(block) }, b);
  });
  return b;
}

/**
 * @param {KitElement} el
 * @param {Block} block
 * @param {RenderContext} ctx
 * @param {"checkbox" | "radio"} type
 */
function renderChoices(el, block, ctx, type) {
  const blockId = blockIdOf(block);
  const chosen = ctx.selection(blockId || "", el.action_id);
  const initial =
    type === "checkbox"
      ? (el.initial_options || []).map((o) => o.value)
      : el.initial_option
        ? [el.initial_option.value]
        : [];
  const selected = chosen || initial;
  const group = "g" + Math.random().toString(36).slice(2);
  const box = h("div", {
    class: "bk-choices",
    "data-testid": type === "checkbox" ? "block-checkboxes" : "block-radios",
    "data-action-id": el.action_id || "",
  });
  optionsOf(el).forEach((opt) => {
    const input = h("input", { type: type, name: group, "data-testid": type, "data-value": opt.value });
    input.checked = selected.indexOf(opt.value) >= 0;
    if (!ctx.interactive) input.disabled = true;
    input.addEventListener("change", () => {
      const inputs = Array.from(box.querySelectorAll("input"));
      const values = inputs.filter((i) => i.checked).map((i) => i.getAttribute("data-value") ?? "");
      /** @type {ActionRequest} */
      const req =
        type === "checkbox"
          ? { kind: "checkboxes", actionId: el.action_id, blockId: blockId, selectedValues: values }
          : { kind: "select", actionId: el.action_id, blockId: blockId, selectedOptionValue: opt.value };
      ctx.onAction(req, input);
    });
    box.appendChild(
      h("label", { class: "bk-option" }, [
        input,
        h("span", { class: "bk-option-text" }, [
          renderText(opt.text, ctx),
          opt.description ? h("span", { class: "bk-option-desc" }, [renderText(opt.description, ctx)]) : null,
        ]),
      ]),
    );
  });
  return box;
}

/**
 * @param {KitElement} el
 * @param {Block} block
 * @param {RenderContext} ctx
 */
function renderSelect(el, block, ctx) {
  const blockId = blockIdOf(block);
  const chosen = ctx.selection(blockId || "", el.action_id);
  const current = chosen ? chosen[0] : el.initial_option ? el.initial_option.value : "";
  const placeholder = el.type === "overflow" ? "⋯" : plainOf(el.placeholder) || "Select an option";
  const sel = h(
    "select",
    { class: "bk-select", "data-testid": "block-select", "data-action-id": el.action_id || "" },
    [h("option", { value: "" }, [placeholder])],
  );
  optionsOf(el).forEach((o) => {
    sel.appendChild(h("option", { value: o.value }, [plainOf(o.text)]));
  });
  sel.value = current || "";
  if (!ctx.interactive) sel.disabled = true;
  sel.addEventListener("change", () => {
    if (!sel.value) return;
    ctx.onAction(
      { kind: "select", actionId: el.action_id, blockId: blockId, selectedOptionValue: sel.value },
      sel,
    );
  });
  return sel;
}

/**
 * An image from an http(s) or inline image URL, or "[image]" for any other URL.
 * @param {{ readonly image_url?: string, readonly alt_text?: string }} el
 * @param {string} cls
 */
export function renderImage(el, cls) {
  const url = safeImageUrl(el.image_url);
  return url
    ? h("img", { class: cls, src: url, alt: el.alt_text || "", title: el.alt_text || "" })
    : h("span", { class: "bk-muted" }, ["[image]"]);
}

/**
 * A block element as DOM, or null when it is not an object.
 * @param {KitElement | undefined} el
 * @param {Block} block
 * @param {RenderContext} ctx
 */
export function renderElement(el, block, ctx) {
  if (!el || typeof el !== "object") return null;
  switch (el.type) {
    case "button":
      return renderButton(el, block, ctx);
    case "checkboxes":
      return renderChoices(el, block, ctx, "checkbox");
    case "radio_buttons":
      return renderChoices(el, block, ctx, "radio");
    case "static_select":
    case "overflow":
      return renderSelect(el, block, ctx);
    case "image":
      return renderImage(el, "bk-accessory-image");
    default:
      return h("span", { class: "bk-unsupported" }, ["[" + el.type + "]"]);
  }
}
