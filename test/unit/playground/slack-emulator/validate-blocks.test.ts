import { describe, expect, it } from "vitest";
import { validateBlocks } from "../../../../src/playground/slack-emulator/validate-blocks.js";

const plain = (text: string) => ({ type: "plain_text", text });
const md = (text: string) => ({ type: "mrkdwn", text });

describe("validateBlocks", () => {
  it.each([
    ["a header over 150 chars", [{ type: "header", text: plain("h".repeat(151)) }], "/blocks/0/text/text"],
    [
      "more than 10 section fields",
      [{ type: "section", fields: Array.from({ length: 11 }, () => md("f")) }],
      "/blocks/0/fields",
    ],
    [
      "a section field over 2000 chars",
      [{ type: "section", fields: [md("f".repeat(2001))] }],
      "/blocks/0/fields/0/text",
    ],
    [
      "button text over 75 chars",
      [{ type: "actions", elements: [{ type: "button", action_id: "a", text: plain("b".repeat(76)) }] }],
      "/blocks/0/elements/0/text/text",
    ],
    [
      "more than 10 checkbox options",
      [
        {
          type: "actions",
          elements: [
            {
              type: "checkboxes",
              action_id: "c",
              options: Array.from({ length: 11 }, (_, i) => ({ text: md("o"), value: `${i}` })),
            },
          ],
        },
      ],
      "/blocks/0/elements/0/options",
    ],
    ["an unknown block type", [{ type: "marquee" }], "/blocks/0"],
    ["a section with neither text nor fields", [{ type: "divider" }, { type: "section" }], "/blocks/1"],
  ])("rejects %s as invalid_blocks pointing at the offending path", (_name, blocks, pointer) => {
    // Act
    const result = validateBlocks(blocks);

    // Assess
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors.join("\n")).toContain(`[json-pointer:${pointer}]`);
  });

  it("rejects a blocks string that is not a JSON array as invalid_blocks_format", () => {
    // Act
    const notJson = validateBlocks("[{oops");
    const notArray = validateBlocks('{"type":"divider"}');

    // Assess
    expect(notJson).toMatchObject({ ok: false, error: "invalid_blocks_format" });
    expect(notArray).toMatchObject({ ok: false, error: "invalid_blocks_format" });
  });

  it("accepts exactly 50 blocks and a 3000-char section, assigning block_ids only where missing", () => {
    // Prepare
    const blocks = [
      { type: "section", block_id: "keep", text: md("x".repeat(3000)) },
      ...Array.from({ length: 49 }, () => ({ type: "divider" })),
    ];

    // Act
    const result = validateBlocks(JSON.stringify(blocks));

    // Assess
    expect(result.ok).toBe(true);
    const ids = result.ok ? (result.blocks ?? []).map((b) => b.block_id) : [];
    expect(ids[0]).toBe("keep");
    expect(ids.every((id) => typeof id === "string" && id.length > 0)).toBe(true);
  });
});
