import { LogLevel, WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type SlackEmulator,
  startSlackEmulator,
} from "../../../../src/playground/slack-emulator/slack-emulator.js";

let emulator: SlackEmulator;
let client: WebClient;
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x10]);

beforeAll(async () => {
  emulator = await startSlackEmulator({ signingSecret: "secret" });
  client = new WebClient(emulator.botToken, {
    slackApiUrl: emulator.apiUrl,
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR,
  });
});

afterAll(async () => {
  await emulator.close();
});

describe("Slack emulator files v2 upload flow", () => {
  it("uploads a PNG into a thread with filesUploadV2 and keeps its bytes", async () => {
    // Prepare
    const root = await client.chat.postMessage({ channel: "#graphs", text: "alarm" });
    const channel = root.channel ?? "";

    // Act
    await client.filesUploadV2({
      channel_id: channel,
      thread_ts: root.ts ?? "",
      file: png,
      filename: "cpu.png",
      title: "CPU graph",
      initial_comment: "last 3 hours",
    });

    // Assess
    const reply = emulator.thread(channel, root.ts ?? "")[1];
    expect(reply).toMatchObject({
      text: "last 3 hours",
      files: [{ title: "CPU graph", name: "cpu.png", mimetype: "image/png", size: png.length }],
    });
    const fileId = reply?.files?.[0]?.id ?? "";
    expect(emulator.fileContent(fileId)?.equals(png)).toBe(true);
    const served = await fetch(`${emulator.url}/files/${fileId}`);
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
    expect(emulator.calls().map((c) => c.method)).toEqual([
      "chat.postMessage",
      "files.getUploadURLExternal",
      "files.upload_url",
      "files.completeUploadExternal",
    ]);
  });

  it("walks the three steps by hand with raw bytes and an unshared completion", async () => {
    // Prepare
    const step1 = await client.files.getUploadURLExternal({ filename: "out.txt", length: 5 });

    // Act
    const upload = await fetch(step1.upload_url ?? "", { method: "POST", body: "hello" });
    const done = await client.files.completeUploadExternal({ files: [{ id: step1.file_id ?? "" }] });

    // Assess
    expect(step1.upload_url).toMatch(new RegExp(`^${emulator.url}/upload/`));
    expect(upload.status).toBe(200);
    expect(done.files?.[0]).toMatchObject({
      id: step1.file_id,
      name: "out.txt",
      mimetype: "text/plain",
      size: 5,
    });
    expect(emulator.fileContent(step1.file_id ?? "")?.toString()).toBe("hello");
  });

  it("refuses to complete a file whose bytes never arrived", async () => {
    // Prepare
    const step1 = await client.files.getUploadURLExternal({ filename: "lost.png", length: 3 });

    // Act
    const error = await client.files
      .completeUploadExternal({ files: [{ id: step1.file_id ?? "" }], channel_id: "C0NOWHERE" })
      .then(
        () => undefined,
        (e: { data?: unknown }) => e.data,
      );

    // Assess
    expect(error).toMatchObject({ ok: false, error: "file_not_found" });
    expect(emulator.channels().some((c) => c.id === "C0NOWHERE")).toBe(false);
  });
});
