import { describe, expect, it } from "vitest";
import { displayWidth } from "../../../src/slack/display-width.js";
import { formatTable, formatTableForSlack, toCsv } from "../../../src/slack/format-table.js";

describe("formatTable", () => {
  it("aligns columns, right-aligns numbers and underlines the header", () => {
    const out = formatTable(
      ["service", "errors"],
      [
        ["checkout", "12"],
        ["api", "1,204"],
      ],
    );

    expect(out).toBe(
      ["service   errors", "--------  ------", "checkout      12", "api        1,204"].join("\n"),
    );
  });

  it("pads by display width so CJK and emoji cells line up", () => {
    const out = formatTable(
      ["name", "n"],
      [
        ["日本", "1"],
        ["ab", "2"],
        ["🔥x", "3"],
      ],
    );
    const widths = out.split("\n").map((l) => displayWidth(l));

    expect(new Set(widths).size).toBe(1);
  });

  it("shrinks the widest column and cuts its cells with … to fit maxWidth", () => {
    const out = formatTable(["id", "message"], [["1", "m".repeat(200)]], { maxWidth: 40 });

    for (const line of out.split("\n")) expect(displayWidth(line)).toBeLessThanOrEqual(40);
    expect(out).toContain("…");
  });

  it("shows maxRows rows and an 'N more rows' footer", () => {
    const rows = Array.from({ length: 7 }, (_, i) => [`r${i}`]);

    const out = formatTable(["row"], rows, { maxRows: 5 });

    expect(out.split("\n")).toHaveLength(2 + 5 + 1);
    expect(out.endsWith("… 2 more rows")).toBe(true);
  });

  it("flattens newlines inside cells so one row stays one line", () => {
    expect(formatTable(["m"], [["a\nb"]]).split("\n")).toHaveLength(3);
  });
});

describe("formatTableForSlack", () => {
  it("returns a small table inline as an escaped, redacted code block", () => {
    const out = formatTableForSlack(["user", "msg"], [["a@example.com", "<!channel> hi"]]);

    expect(out.kind).toBe("inline");
    if (out.kind !== "inline") return;
    expect(out.text.startsWith("```\n")).toBe(true);
    expect(out.text).toContain("[redacted:email]");
    expect(out.text).toContain("&lt;!channel&gt;");
  });

  it("asks for a file when the rows do not fit, with a preview that fits and the full CSV", () => {
    const rows = Array.from({ length: 500 }, (_, i) => [`${i}`, `message number ${i} with some text`]);

    const out = formatTableForSlack(["n", "message"], rows, { maxChars: 1000, maxRows: 1000 });

    expect(out.kind).toBe("file");
    if (out.kind !== "file") return;
    expect(out.preview.length).toBeLessThanOrEqual(1000);
    expect(out.preview).toMatch(/… \d+ more rows in results\.csv/);
    expect(out.rowCount).toBe(500);
    expect(out.csv.split("\r\n")).toHaveLength(502);
  });

  it("asks for a file when there are more rows than maxRows even if they are short", () => {
    const rows = Array.from({ length: 60 }, (_, i) => [`${i}`]);

    expect(formatTableForSlack(["n"], rows).kind).toBe("file");
  });
});

describe("toCsv", () => {
  it("quotes commas, quotes and newlines and defuses spreadsheet formulas", () => {
    const csv = toCsv(
      ["a", "b"],
      [
        ["x,y", 'say "hi"'],
        ["=HYPERLINK(1)", "-5"],
      ],
    );

    expect(csv).toBe('a,b\r\n"x,y","say ""hi"""\r\n\'=HYPERLINK(1),-5\r\n');
  });
});
