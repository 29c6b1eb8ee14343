import type { JsonObject } from "./emulator-types.js";

/** Outcome of checking a `blocks` argument: the normalised blocks, or Slack's error code plus details. */
export type BlocksCheck =
  | { readonly ok: true; readonly blocks: JsonObject[] | undefined }
  | {
      readonly ok: false;
      readonly error: "invalid_blocks" | "invalid_blocks_format";
      readonly errors: string[];
    };

const MAX_BLOCKS = 50;
const KNOWN_TYPES = new Set([
  "section",
  "header",
  "context",
  "actions",
  "divider",
  "image",
  "input",
  "rich_text",
  "file",
  "video",
  "markdown",
]);

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function textOf(value: unknown): string | undefined {
  return isObject(value) && typeof value.text === "string" ? value.text : undefined;
}

function tooLong(errors: string[], value: string | undefined, max: number, pointer: string): void {
  if (value !== undefined && value.length > max) {
    errors.push(`must be less than ${max + 1} characters [json-pointer:${pointer}]`);
  }
}

function tooMany(errors: string[], value: unknown, max: number, pointer: string): void {
  if (Array.isArray(value) && value.length > max) {
    errors.push(`must provide no more than ${max} items [json-pointer:${pointer}]`);
  }
}

function checkElement(element: unknown, pointer: string, errors: string[]): void {
  if (!isObject(element)) return;
  if (typeof element.action_id === "string") tooLong(errors, element.action_id, 255, `${pointer}/action_id`);
  if (element.type === "button") {
    tooLong(errors, textOf(element.text), 75, `${pointer}/text/text`);
    if (typeof element.value === "string") tooLong(errors, element.value, 2000, `${pointer}/value`);
    if (typeof element.url === "string") tooLong(errors, element.url, 3000, `${pointer}/url`);
  }
  if (element.type === "checkboxes") tooMany(errors, element.options, 10, `${pointer}/options`);
  if (element.type === "static_select") tooMany(errors, element.options, 100, `${pointer}/options`);
}

function checkBlock(block: unknown, index: number, errors: string[]): void {
  const at = `/blocks/${index}`;
  if (!isObject(block) || typeof block.type !== "string" || !KNOWN_TYPES.has(block.type)) {
    errors.push(`invalid additional property: type [json-pointer:${at}]`);
    return;
  }
  if (typeof block.block_id === "string") tooLong(errors, block.block_id, 255, `${at}/block_id`);
  switch (block.type) {
    case "section":
      if (block.text === undefined && block.fields === undefined) {
        errors.push(`must contain either 'text' or 'fields' [json-pointer:${at}]`);
      }
      tooLong(errors, textOf(block.text), 3000, `${at}/text/text`);
      if (textOf(block.text) === "")
        errors.push(`must be more than 0 characters [json-pointer:${at}/text/text]`);
      tooMany(errors, block.fields, 10, `${at}/fields`);
      if (Array.isArray(block.fields)) {
        block.fields.forEach((f, i) => {
          tooLong(errors, textOf(f), 2000, `${at}/fields/${i}/text`);
        });
      }
      checkElement(block.accessory, `${at}/accessory`, errors);
      break;
    case "header":
      tooLong(errors, textOf(block.text), 150, `${at}/text/text`);
      break;
    case "context":
      tooMany(errors, block.elements, 10, `${at}/elements`);
      break;
    case "actions":
      tooMany(errors, block.elements, 25, `${at}/elements`);
      if (Array.isArray(block.elements)) {
        block.elements.forEach((e, i) => {
          checkElement(e, `${at}/elements/${i}`, errors);
        });
      }
      break;
    case "image":
      if (typeof block.alt_text === "string") tooLong(errors, block.alt_text, 2000, `${at}/alt_text`);
      if (typeof block.image_url === "string") tooLong(errors, block.image_url, 3000, `${at}/image_url`);
      break;
    default:
      break;
  }
}

/**
 * Checks a `blocks` argument the way Slack does for messages: a JSON array (or a JSON string of one, as
 * form-encoded clients send it) of at most 50 known blocks within the Block Kit size limits. Errors carry
 * Slack's `[json-pointer:/blocks/i/…]` suffix so a failing test points at the offending block.
 */
export function validateBlocks(raw: unknown): BlocksCheck {
  if (raw === undefined || raw === null || raw === "") return { ok: true, blocks: undefined };
  let value: unknown = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      return { ok: false, error: "invalid_blocks_format", errors: ["blocks is not valid JSON"] };
    }
  }
  if (!Array.isArray(value)) {
    return { ok: false, error: "invalid_blocks_format", errors: ["blocks must be an array"] };
  }
  const errors: string[] = [];
  if (value.length > MAX_BLOCKS) {
    errors.push(`no more than ${MAX_BLOCKS} items allowed [json-pointer:/blocks]`);
  }
  value.forEach((block, index) => {
    checkBlock(block, index, errors);
  });
  if (errors.length > 0) return { ok: false, error: "invalid_blocks", errors };
  return { ok: true, blocks: value.filter(isObject).map(withBlockId) };
}

/** Slack assigns a `block_id` to every block that lacks one; actions refer to it, so the emulator does too. */
function withBlockId(block: JsonObject, index: number): JsonObject {
  if (typeof block.block_id === "string") return block;
  const id = `${index}${JSON.stringify(block).length.toString(36)}`;
  return { ...block, block_id: id };
}
