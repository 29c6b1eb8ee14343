// @ts-check
/**
 * Turns Block Kit layout blocks, `rich_text`, legacy attachments and files into DOM on top of the element
 * renderers in `render-blocks.js`; like them, it only ever creates text nodes for Slack content.
 */
/** @import { Attachment, Block, ContextElement, FileView, KitElement, RenderContext, RichElement, RichPart } from "./playground-types.js" */

import { emojify } from "./emoji.js";
import { formatSlackDate, safeUrl } from "./mrkdwn.js";
import {
  h,
  listOf,
  pill,
  plainOf,
  renderElement,
  renderImage,
  renderMrkdwnText,
  renderText,
} from "./render-blocks.js";

/**
 * @param {RichElement | undefined} el
 * @param {RenderContext} ctx
 * @returns {Node | null}
 */
function richElement(el, ctx) {
  if (!el || typeof el !== "object") return null;
  const style = el.style || {};
  /** @type {Node} */
  let node;
  switch (el.type) {
    case "text":
      node = document.createTextNode(String(el.text || ""));
      break;
    case "link": {
      const url = safeUrl(String(el.url || ""));
      node = url
        ? h("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, [String(el.text || url)])
        : document.createTextNode(String(el.text || el.url || ""));
      break;
    }
    case "user":
      node = pill("user", "@" + ctx.userName(el.user_id));
      break;
    case "channel":
      node = pill("channel", "#" + (el.channel_id || ""));
      break;
    case "usergroup":
      node = pill("usergroup", "@" + (el.usergroup_id || ""));
      break;
    case "broadcast":
      node = pill("broadcast", "@" + (el.range || "here"));
      break;
    case "emoji":
      node = document.createTextNode(
        el.unicode
          ? String.fromCodePoint(
              ...String(el.unicode)
                .split("-")
                .map((p) => parseInt(p, 16)),
            )
          : emojify(":" + el.name + ":"),
      );
      break;
    case "date":
      node = h("span", { class: "mk-date" }, [formatSlackDate(el.timestamp, el.format, el.fallback)]);
      break;
    default:
      node = document.createTextNode("");
  }
  if (style.code) node = h("code", { class: "mk-code" }, [node]);
  if (style.strike) node = h("del", {}, [node]);
  if (style.italic) node = h("em", {}, [node]);
  if (style.bold) node = h("strong", {}, [node]);
  return node;
}

/**
 * @param {readonly RichElement[] | undefined} list
 * @param {RenderContext} ctx
 */
function richChildren(list, ctx) {
  return listOf(list).map((e) => richElement(e, ctx));
}

/**
 * @param {RichPart | undefined} part
 * @param {RenderContext} ctx
 */
function richPart(part, ctx) {
  if (!part || typeof part !== "object") return null;
  switch (part.type) {
    case "rich_text_section":
      return h("div", { class: "rt-section" }, richChildren(part.elements, ctx));
    case "rich_text_preformatted":
      return h("pre", { class: "mk-pre" }, richChildren(part.elements, ctx));
    case "rich_text_quote":
      return h("blockquote", { class: "mk-quote" }, richChildren(part.elements, ctx));
    case "rich_text_list": {
      const items = listOf(part.elements).map((s) => h("li", {}, richChildren(s?.elements, ctx)));
      return h(part.style === "ordered" ? "ol" : "ul", { class: "rt-list" }, items);
    }
    default:
      return null;
  }
}

/**
 * @param {Block | undefined} b
 * @param {RenderContext} ctx
 */
function renderBlock(b, ctx) {
  if (!b || typeof b !== "object") return null;
  switch (b.type) {
    case "header":
      return h("div", { class: "bk-header", "data-testid": "block-header" }, [plainOf(b.text)]);
    case "section": {
      const main = h("div", { class: "bk-section-main" }, [
        b.text ? h("div", { class: "bk-section-text" }, [renderText(b.text, ctx)]) : null,
        Array.isArray(b.fields) && b.fields.length > 0
          ? h(
              "div",
              { class: "bk-fields", "data-testid": "block-fields" },
              b.fields.map((f) => h("div", { class: "bk-field" }, [renderText(f, ctx)])),
            )
          : null,
      ]);
      const accessory = b.accessory
        ? h("div", { class: "bk-accessory" }, [renderElement(b.accessory, b, ctx)])
        : null;
      return h("div", { class: "bk-section", "data-testid": "block-section" }, [main, accessory]);
    }
    case "context":
      return h(
        "div",
        { class: "bk-context", "data-testid": "block-context" },
        /** @type {readonly (ContextElement | undefined)[]} */ (b.elements || []).map((e) =>
          e && e.type === "image" ? renderImage(e, "bk-context-image") : renderText(e, ctx),
        ),
      );
    case "divider":
      return h("hr", { class: "bk-divider" });
    case "actions":
      return h(
        "div",
        { class: "bk-actions", "data-testid": "block-actions" },
        /** @type {readonly (KitElement | undefined)[]} */ (b.elements || []).map((e) =>
          renderElement(e, b, ctx),
        ),
      );
    case "image":
      return h("figure", { class: "bk-image" }, [
        b.title ? h("figcaption", {}, [plainOf(b.title)]) : null,
        renderImage(b, "bk-image-img"),
      ]);
    case "rich_text":
      return h(
        "div",
        { class: "bk-rich-text" },
        /** @type {readonly (RichPart | undefined)[]} */ (b.elements || []).map((p) => richPart(p, ctx)),
      );
    case "input":
      return h("div", { class: "bk-input" }, [
        h("div", { class: "bk-input-label" }, [plainOf(b.label)]),
        renderElement(b.element, b, ctx),
      ]);
    default:
      return h("div", { class: "bk-unsupported" }, ["[unsupported block: " + b.type + "]"]);
  }
}

/**
 * A message's blocks as DOM; an unknown block type shows as "[unsupported block: …]".
 * @param {readonly Block[] | undefined} blocks
 * @param {RenderContext} ctx
 */
export function renderBlocks(blocks, ctx) {
  return h(
    "div",
    { class: "blocks" },
    (blocks || []).map((b) => renderBlock(b, ctx)),
  );
}

/** @type {Readonly<Record<string, string>>} */
const ATTACHMENT_COLORS = { good: "#2eb67d", warning: "#ecb22e", danger: "#e01e5a" };

/**
 * Legacy attachments as DOM, each with its colour bar (good, warning, danger or a hex colour).
 * @param {readonly Attachment[] | undefined} list
 * @param {RenderContext} ctx
 */
export function renderAttachments(list, ctx) {
  return h(
    "div",
    { class: "attachments" },
    listOf(list).map((a) => {
      if (!a || typeof a !== "object") return null;
      const box = h("div", { class: "attachment", "data-testid": "attachment" }, [
        a.pretext ? renderMrkdwnText(a.pretext, ctx) : null,
        a.title
          ? h("div", { class: "att-title" }, [
              a.title_link && safeUrl(String(a.title_link))
                ? h("a", { href: a.title_link, target: "_blank", rel: "noopener noreferrer" }, [
                    String(a.title),
                  ])
                : String(a.title),
            ])
          : null,
        a.text ? renderMrkdwnText(a.text, ctx) : null,
        Array.isArray(a.fields) && a.fields.length > 0
          ? h(
              "div",
              { class: "bk-fields" },
              a.fields.map((f) =>
                h("div", { class: "bk-field" }, [
                  h("strong", {}, [String(f.title || "")]),
                  renderMrkdwnText(f.value || "", ctx),
                ]),
              ),
            )
          : null,
        Array.isArray(a.blocks) ? renderBlocks(a.blocks, ctx) : null,
        a.footer ? h("div", { class: "bk-context" }, [String(a.footer)]) : null,
      ]);
      const color =
        ATTACHMENT_COLORS[a.color ?? ""] ||
        (/^#?[0-9a-f]{6}$/i.test(String(a.color || "")) ? "#" + String(a.color).replace("#", "") : "#dddddd");
      box.style.borderLeftColor = color;
      return box;
    }),
  );
}

/**
 * Files on a message as cards linking to their same-origin copy; images show a thumbnail.
 * @param {readonly FileView[] | undefined} files
 */
export function renderFiles(files) {
  return h(
    "div",
    { class: "files" },
    listOf(files).map((f) => {
      const isImage = /^image\/(png|jpeg|gif|webp)$/.test(String(f.mimetype || ""));
      const href = String(f.playground_url || "");
      return h("div", { class: "file-card", "data-testid": "file" }, [
        isImage
          ? h("img", { class: "file-thumb", src: href, alt: f.title || f.name || "" })
          : h("span", { class: "file-icon" }, ["📄"]),
        h("div", { class: "file-meta" }, [
          h("a", { href: href, target: "_blank", rel: "noopener noreferrer", "data-testid": "file-link" }, [
            String(f.title || f.name || "file"),
          ]),
          h("div", { class: "bk-muted" }, [
            String(f.name || "") + " · " + Math.max(1, Math.round((f.size || 0) / 1024)) + " KB",
          ]),
        ]),
      ]);
    }),
  );
}
