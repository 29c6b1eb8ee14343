import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const SRC = `${ROOT}src/`;

/**
 * The bot scopes each Slack Web API method klaxon calls needs (api.slack.com/methods). `chat:write.public` goes
 * with `chat.postMessage` because slash-command answers post into channels klaxon was never invited to.
 */
const METHOD_SCOPES: Readonly<Record<string, readonly string[]>> = {
  "chat.postMessage": ["chat:write", "chat:write.public"],
  "chat.update": ["chat:write"],
  "conversations.join": ["channels:join"],
  "conversations.list": ["channels:read"],
  "conversations.history": ["channels:history", "groups:history"],
  "conversations.replies": ["channels:history", "groups:history"],
  "files.uploadV2": ["files:write"],
  "usergroups.list": ["usergroups:read"],
  // The App Home: views.publish and auth.test (the workspace URL for message links) need no scope.
  "views.publish": [],
  "auth.test": [],
};

const FAMILIES = "chat|conversations|files|usergroups|users|reactions|pins|views|bookmarks|team|auth|bots";
const CLIENT_CALL = new RegExp(`\\.(${FAMILIES})\\.(\\w+)(?:\\.(\\w+))?\\(`, "g");
const NAMED_CALL = /\b(?:apiCall|paginate)\(\s*"([a-z]+(?:\.[a-zA-Z]+){1,2})"/g;

interface MethodCall {
  readonly method: string;
  /** The call's first argument onwards, enough to see the conversation types it asks for. */
  readonly args: string;
}

/** Every Web API method a source text calls: `client.<family>.<method>(`, `filesUploadV2(`, `apiCall("…")`. */
function methodCalls(text: string): MethodCall[] {
  const calls: MethodCall[] = [];
  const at = (index: number) => text.slice(index, index + 300);
  for (const m of text.matchAll(CLIENT_CALL)) {
    calls.push({ method: [m[1], m[2], m[3]].filter(Boolean).join("."), args: at(m.index ?? 0) });
  }
  for (const m of text.matchAll(NAMED_CALL)) calls.push({ method: m[1] ?? "", args: at(m.index ?? 0) });
  for (const m of text.matchAll(/\.filesUploadV2\(/g))
    calls.push({ method: "files.uploadV2", args: at(m.index ?? 0) });
  return calls;
}

function scopesOf(call: MethodCall): readonly string[] {
  const scopes = METHOD_SCOPES[call.method];
  if (scopes === undefined) throw new Error(`no scopes listed for ${call.method}: add it to METHOD_SCOPES`);
  // Listing private channels too needs the private-channel scope.
  if (call.method === "conversations.list" && /private_channel/.test(call.args))
    return [...scopes, "groups:read"];
  return scopes;
}

function scopesUsedBySource(): Set<string> {
  const used = new Set<string>();
  for (const file of readdirSync(SRC, { recursive: true, encoding: "utf8" })) {
    // The playground's emulator implements the methods; it is not a Slack client.
    if (!file.endsWith(".ts") || file.startsWith("playground/")) continue;
    for (const call of methodCalls(readFileSync(`${SRC}${file}`, "utf8"))) {
      for (const scope of scopesOf(call)) used.add(scope);
    }
  }
  return used;
}

interface Manifest {
  features?: { slash_commands?: unknown[] };
  oauth_config: { scopes: { bot: string[] } };
}

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

describe("slack-manifest.yaml bot scopes", () => {
  it("are exactly the scopes of the Web API methods klaxon calls, plus commands for its slash commands", () => {
    // Prepare
    const manifest = parse(readFileSync(`${ROOT}slack-manifest.yaml`, "utf8")) as Manifest;
    // Act
    const used = scopesUsedBySource();
    if ((manifest.features?.slash_commands ?? []).length > 0) used.add("commands");
    // Assess: both directions — no call without its scope, no scope nothing calls.
    expect(sorted(manifest.oauth_config.scopes.bot)).toEqual(sorted(used));
  });

  it("finds client calls, uploads and named calls in source text", () => {
    const text = [
      "await client.chat.postMessage({ channel });",
      "await web.usergroups.list({ include_users: true });",
      "await client.filesUploadV2({ channel_id });",
      'for await (const p of client.paginate("conversations.list", { types: "public_channel,private_channel" })) {}',
    ].join("\n");
    const calls = methodCalls(text);
    expect(calls.map((c) => c.method).sort()).toEqual([
      "chat.postMessage",
      "conversations.list",
      "files.uploadV2",
      "usergroups.list",
    ]);
    expect(sorted(calls.flatMap(scopesOf))).toEqual([
      "channels:read",
      "chat:write",
      "chat:write.public",
      "files:write",
      "groups:read",
      "usergroups:read",
    ]);
  });
});
