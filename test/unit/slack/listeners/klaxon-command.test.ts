import type { App } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { RouteSchema } from "../../../../src/config/schema.js";
import { silentLogger } from "../../../../src/shared/logger.js";
import {
  type KlaxonCommandDeps,
  registerKlaxonCommand,
} from "../../../../src/slack/listeners/klaxon-command.js";
import type { Store } from "../../../../src/store/store.js";

const NOW = new Date("2026-11-20T10:00:00.000Z");

/** Registers `/klaxon` on a stand-in for Bolt's App and runs one command through it. */
async function run(text: string, deps: Partial<KlaxonCommandDeps> = {}) {
  let handler: ((args: unknown) => Promise<void>) | undefined;
  const app = {
    command: (_name: string, h: (args: unknown) => Promise<void>) => {
      handler = h;
    },
  } as unknown as App;
  const counted: [string, string][] = [];
  registerKlaxonCommand(app, {
    store: { pendingOutboxCount: async () => 3 } as unknown as Store,
    clock: () => NOW,
    logger: silentLogger(),
    userGroupsOf: async () => [],
    routes: [RouteSchema.parse({ match: { namespace: "AWS/ApplicationELB" }, channel: "#inc-web" })],
    services: {},
    status: { mode: "http", defaultChannel: "#alerts", snsTopics: "any", templates: 4 },
    onCommand: (command, result) => counted.push([command, result]),
    ...deps,
  });
  const answers: { response_type?: string; text?: string }[] = [];
  await handler?.({
    ack: async () => {},
    respond: async (m: { response_type?: string; text?: string }) => answers.push(m),
    command: { text, channel_id: "C1", user_id: "U1" },
    client: {},
  });
  return { answers, counted };
}

describe("registerKlaxonCommand", () => {
  it("answers /klaxon status from the facts it is given, privately, and counts the subcommand", async () => {
    // Act
    const { answers, counted } = await run("status");

    // Assess
    expect(answers).toHaveLength(1);
    expect(answers[0]?.response_type).toBe("ephemeral");
    expect(answers[0]?.text).toContain("*klaxon status* (http mode)");
    expect(answers[0]?.text).toContain("• Slack messages waiting in the outbox: 3");
    expect(answers[0]?.text).toContain("• routes: 1, default channel #alerts");
    expect(answers[0]?.text).toContain("• SNS topics allowed: any");
    expect(answers[0]?.text).toContain("• query templates: 4, services: 0");
    expect(counted).toEqual([["klaxon", "status"]]);
  });

  it("says change lookups are off when it is given none", async () => {
    // Act
    const { answers, counted } = await run("changes 1h");

    // Assess
    expect(answers[0]?.text).toContain("Change lookups are off");
    expect(counted).toEqual([["klaxon", "changes"]]);
  });
});
