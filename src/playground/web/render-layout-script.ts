/**
 * Browser JavaScript for Block Kit layout blocks, `rich_text`, legacy attachments and files, on top of
 * `RENDER_BLOCKS_SCRIPT` (elements) and `MRKDWN_SCRIPT`. Defines `renderBlocks(blocks, ctx)`,
 * `renderAttachments(list, ctx)` and `renderFiles(files)`; like the rest, it only creates text nodes.
 */
export const RENDER_LAYOUT_SCRIPT = String.raw`
function richElement(el, ctx) {
  if (!el || typeof el !== "object") return null;
  var style = el.style || {};
  var node;
  switch (el.type) {
    case "text": node = document.createTextNode(String(el.text || "")); break;
    case "link": {
      var url = safeUrl(String(el.url || ""));
      node = url ? h("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, [String(el.text || url)])
        : document.createTextNode(String(el.text || el.url || ""));
      break;
    }
    case "user": node = pill("user", "@" + ctx.userName(el.user_id)); break;
    case "channel": node = pill("channel", "#" + (el.channel_id || "")); break;
    case "usergroup": node = pill("usergroup", "@" + (el.usergroup_id || "")); break;
    case "broadcast": node = pill("broadcast", "@" + (el.range || "here")); break;
    case "emoji": node = document.createTextNode(
      el.unicode ? String.fromCodePoint.apply(null, String(el.unicode).split("-").map(function (p) { return parseInt(p, 16); }))
        : emojify(":" + el.name + ":")); break;
    case "date": node = h("span", { class: "mk-date" }, [formatSlackDate(el.timestamp, el.format, el.fallback)]); break;
    default: node = document.createTextNode("");
  }
  if (style.code) node = h("code", { class: "mk-code" }, [node]);
  if (style.strike) node = h("del", {}, [node]);
  if (style.italic) node = h("em", {}, [node]);
  if (style.bold) node = h("strong", {}, [node]);
  return node;
}

function richChildren(list, ctx) {
  return (Array.isArray(list) ? list : []).map(function (e) { return richElement(e, ctx); });
}

function richPart(part, ctx) {
  if (!part || typeof part !== "object") return null;
  switch (part.type) {
    case "rich_text_section": return h("div", { class: "rt-section" }, richChildren(part.elements, ctx));
    case "rich_text_preformatted": return h("pre", { class: "mk-pre" }, richChildren(part.elements, ctx));
    case "rich_text_quote": return h("blockquote", { class: "mk-quote" }, richChildren(part.elements, ctx));
    case "rich_text_list": {
      var items = (Array.isArray(part.elements) ? part.elements : []).map(function (s) {
        return h("li", {}, richChildren(s && s.elements, ctx));
      });
      return h(part.style === "ordered" ? "ol" : "ul", { class: "rt-list" }, items);
    }
    default: return null;
  }
}

function renderBlock(b, ctx) {
  if (!b || typeof b !== "object") return null;
  switch (b.type) {
    case "header":
      return h("div", { class: "bk-header", "data-testid": "block-header" }, [plainOf(b.text)]);
    case "section": {
      var main = h("div", { class: "bk-section-main" }, [
        b.text ? h("div", { class: "bk-section-text" }, [renderText(b.text, ctx)]) : null,
        Array.isArray(b.fields) && b.fields.length > 0
          ? h("div", { class: "bk-fields", "data-testid": "block-fields" }, b.fields.map(function (f) {
            return h("div", { class: "bk-field" }, [renderText(f, ctx)]);
          }))
          : null
      ]);
      var accessory = b.accessory ? h("div", { class: "bk-accessory" }, [renderElement(b.accessory, b, ctx)]) : null;
      return h("div", { class: "bk-section", "data-testid": "block-section" }, [main, accessory]);
    }
    case "context":
      return h("div", { class: "bk-context", "data-testid": "block-context" }, (b.elements || []).map(function (e) {
        return e && e.type === "image" ? renderImage(e, "bk-context-image") : renderText(e, ctx);
      }));
    case "divider": return h("hr", { class: "bk-divider" });
    case "actions":
      return h("div", { class: "bk-actions", "data-testid": "block-actions" }, (b.elements || []).map(function (e) {
        return renderElement(e, b, ctx);
      }));
    case "image":
      return h("figure", { class: "bk-image" }, [
        b.title ? h("figcaption", {}, [plainOf(b.title)]) : null,
        renderImage(b, "bk-image-img")
      ]);
    case "rich_text":
      return h("div", { class: "bk-rich-text" }, (b.elements || []).map(function (p) { return richPart(p, ctx); }));
    case "input":
      return h("div", { class: "bk-input" }, [h("div", { class: "bk-input-label" }, [plainOf(b.label)]), renderElement(b.element, b, ctx)]);
    default:
      return h("div", { class: "bk-unsupported" }, ["[unsupported block: " + b.type + "]"]);
  }
}

function renderBlocks(blocks, ctx) {
  return h("div", { class: "blocks" }, (blocks || []).map(function (b) { return renderBlock(b, ctx); }));
}

var ATTACHMENT_COLORS = { good: "#2eb67d", warning: "#ecb22e", danger: "#e01e5a" };

function renderAttachments(list, ctx) {
  return h("div", { class: "attachments" }, (Array.isArray(list) ? list : []).map(function (a) {
    if (!a || typeof a !== "object") return null;
    var box = h("div", { class: "attachment", "data-testid": "attachment" }, [
      a.pretext ? renderMrkdwnText(a.pretext, ctx) : null,
      a.title ? h("div", { class: "att-title" }, [
        a.title_link && safeUrl(String(a.title_link))
          ? h("a", { href: a.title_link, target: "_blank", rel: "noopener noreferrer" }, [String(a.title)])
          : String(a.title)
      ]) : null,
      a.text ? renderMrkdwnText(a.text, ctx) : null,
      Array.isArray(a.fields) && a.fields.length > 0 ? h("div", { class: "bk-fields" }, a.fields.map(function (f) {
        return h("div", { class: "bk-field" }, [h("strong", {}, [String(f.title || "")]), renderMrkdwnText(f.value || "", ctx)]);
      })) : null,
      Array.isArray(a.blocks) ? renderBlocks(a.blocks, ctx) : null,
      a.footer ? h("div", { class: "bk-context" }, [String(a.footer)]) : null
    ]);
    var color = ATTACHMENT_COLORS[a.color] || (/^#?[0-9a-f]{6}$/i.test(String(a.color || "")) ? "#" + String(a.color).replace("#", "") : "#dddddd");
    box.style.borderLeftColor = color;
    return box;
  }));
}

function renderFiles(files) {
  return h("div", { class: "files" }, (Array.isArray(files) ? files : []).map(function (f) {
    var isImage = /^image\/(png|jpeg|gif|webp)$/.test(String(f.mimetype || ""));
    var href = String(f.playground_url || "");
    return h("div", { class: "file-card", "data-testid": "file" }, [
      isImage ? h("img", { class: "file-thumb", src: href, alt: f.title || f.name || "" }) : h("span", { class: "file-icon" }, ["📄"]),
      h("div", { class: "file-meta" }, [
        h("a", { href: href, target: "_blank", rel: "noopener noreferrer", "data-testid": "file-link" }, [String(f.title || f.name || "file")]),
        h("div", { class: "bk-muted" }, [String(f.name || "") + " · " + Math.max(1, Math.round((f.size || 0) / 1024)) + " KB"])
      ])
    ]);
  }));
}
`;
