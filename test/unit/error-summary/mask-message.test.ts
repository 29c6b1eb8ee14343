import { describe, expect, it } from "vitest";
import { maskMessage } from "../../../src/error-summary/mask-message.js";

describe("maskMessage", () => {
  it.each([
    [
      "Timeout after 3021 ms for req 19e555d0-b349-11f0-9ee0-09606a1108f9",
      "Timeout after <num> ms for req <uuid>",
    ],
    [
      "ConnectionError: HTTPConnectionPool(host='10.0.3.17', port=8080): Max retries exceeded with url: /api/v1/orders/123",
      "ConnectionError: HTTPConnectionPool(host='<ip>', port=<num>): Max retries exceeded with url: /api/v1/orders/<num>",
    ],
    [
      "[ERROR]\t2024-05-01T10:15:02.123Z\t7f1c2d3e-aaaa-bbbb-cccc-0123456789ab\tTimeoutError: timeout after 30.5 seconds",
      "[ERROR] <ts> <uuid> TimeoutError: timeout after <num> seconds",
    ],
    [
      "2024-05-01 10:15:02,123 ERROR [strategy] Backtest 691bc0098fec174bf9ca81ad failed for alice@example.com at 10:15:02",
      "<ts> ERROR [strategy] Backtest <hex> failed for <email> at <ts>",
    ],
    ["attack 01ARZ3NDEKTSV4RRFFQ69G5FAV failed on 2024-05-01", "attack <ulid> failed on <ts>"],
    ["segment 1-5759e988-bd862e3fe1be46a994272793 dropped", "segment <xray> dropped"],
    ["object at 0x7f3a2c1d5e50 freed", "object at <hex> freed"],
    ["upstream fe80:0000:0000:0000:0202:b3ff:fe1e:8329 reset", "upstream <ip> reset"],
    ["bad token eyJhbGciOiJIUzI1NiJ9abc123def456ghi789 for user", "bad token <id> for user"],
    ["Invalid value for backtest_runner_version_two", "Invalid value for backtest_runner_version_two"],
    ["[Errno 111] Connection refused", "[Errno <num>] Connection refused"],
    ["S3 upload v2 failed on python3.11 after 3021ms", "S3 upload v2 failed on python3.11 after <num>ms"],
    ["  multi\n  line\t\tmessage  ", "multi line message"],
  ])("masks %j", (input, expected) => {
    // Prepare/Act
    const masked = maskMessage(input);
    // Assess
    expect(masked).toBe(expected);
  });

  it("keeps quoted strings unless maskQuoted is set", () => {
    const message = "KeyError: 'user_id' in \"orders\"";

    const plain = maskMessage(message);
    const quoted = maskMessage(message, { maskQuoted: true });

    expect(plain).toBe("KeyError: 'user_id' in \"orders\"");
    expect(quoted).toBe("KeyError: '<str>' in \"<str>\"");
  });

  it("masks two requests that differ only in ids and numbers to the same pattern", () => {
    const a = "Timeout after 3021 ms for req 19e555d0-b349-11f0-9ee0-09606a1108f9 from 10.0.1.5";
    const b = "Timeout after 12 ms for req 0a7c4e21-0000-11f0-8000-000000000001 from 10.0.2.77";

    expect(maskMessage(a)).toBe(maskMessage(b));
  });

  it("caps the result at maxLength with an ellipsis", () => {
    const masked = maskMessage("word ".repeat(100), { maxLength: 20 });

    expect(masked).toHaveLength(20);
    expect(masked.endsWith("…")).toBe(true);
  });

  it("stays fast on a very long line", () => {
    const line = `${"a1b2c3d4".repeat(50_000)} end`;
    const started = performance.now();

    const masked = maskMessage(line);

    expect(performance.now() - started).toBeLessThan(500);
    expect(masked.length).toBeLessThanOrEqual(300);
  });
});
