import { describe, expect, it } from "vitest";
import { messageHeadline } from "../../../src/error-summary/message-headline.js";

const TRACEBACK = [
  "ERROR:tradai.data_collection:Failed to fetch OHLCV for BTC/USDT",
  "Traceback (most recent call last):",
  '  File "/app/tradai/data_collection/fetcher.py", line 88, in fetch',
  "    resp = session.get(url, timeout=10)",
  '  File "/usr/local/lib/python3.11/site-packages/requests/adapters.py", line 519, in send',
  "    raise ConnectionError(e, request=request)",
  "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.binance.com', port=443): Read timed out.",
].join("\n");

describe("messageHeadline", () => {
  it("keeps the log line and the final exception of a Python traceback", () => {
    const headline = messageHeadline(TRACEBACK);

    expect(headline).toBe(
      "ERROR:tradai.data_collection:Failed to fetch OHLCV for BTC/USDT | requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.binance.com', port=443): Read timed out.",
    );
  });

  it("keeps only the exception when the message starts with the traceback", () => {
    const message = TRACEBACK.split("\n").slice(1).join("\n");

    expect(messageHeadline(message)).toBe(
      "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.binance.com', port=443): Read timed out.",
    );
  });

  it("does not repeat the exception when the Lambda first line already names it", () => {
    const message =
      "[ERROR] KeyError: 'symbol'\nTraceback (most recent call last):\n  File \"/var/task/app.py\", line 12, in handler\nKeyError: 'symbol'";

    expect(messageHeadline(message)).toBe("[ERROR] KeyError: 'symbol'");
  });

  it("reads the message of a JSON log line", () => {
    const line = JSON.stringify({
      level: "error",
      message: "Mongo write failed",
      reqId: "19e555d0-b349-11f0-9ee0-09606a1108f9",
    });

    expect(messageHeadline(line)).toBe("Mongo write failed");
  });

  it("keeps the first line of a Java stack trace", () => {
    const message =
      "java.lang.IllegalStateException: pool exhausted\n\tat com.acme.Pool.take(Pool.java:42)\n\tat com.acme.Api.handle(Api.java:7)";

    expect(messageHeadline(message)).toBe("java.lang.IllegalStateException: pool exhausted");
  });

  it("returns an empty string for a blank message and leaves invalid JSON alone", () => {
    expect(messageHeadline("  \n ")).toBe("");
    expect(messageHeadline("{not json}")).toBe("{not json}");
  });
});
