import { ConfigError } from "../config/errors.js";
import { type Config, loadConfig } from "../config/load-config.js";
import { prepareForStart } from "../config/prepare-config.js";
import { startKlaxon } from "../main.js";
import { createLogger } from "../shared/logger.js";
import type { CliIo } from "./cli-io.js";

/**
 * `klaxon start` (and `npm start`): loads the config (every problem reported at once, exit 2), starts the
 * playground when no Slack settings are present or the real bot otherwise, and on SIGTERM/SIGINT stops taking
 * work, drains the outbox for up to 20 s and exits.
 */
export async function startCommand(env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(error.message);
      return 2;
    }
    throw error;
  }
  const logger = createLogger(config.env.KLAXON_LOG_LEVEL);
  // Loaded only in playground mode: production never loads the Slack emulator, sample data or the web UI.
  const playground =
    config.mode === "playground"
      ? await import("../playground/prepare-playground.js").then((m) => m.preparePlayground(config, logger))
      : undefined;
  let running: Awaited<ReturnType<typeof startKlaxon>>;
  try {
    running = await startKlaxon(prepareForStart(playground?.config ?? config), {
      logger,
      logsDir: playground?.logsDir,
      extraRoutes: playground?.routes,
      host: playground ? config.env.KLAXON_PLAYGROUND_HOST : undefined,
      changesSource: playground?.changesSource,
    });
  } catch (error) {
    await playground?.emulator.close();
    if (error instanceof ConfigError) {
      io.err(error.message);
      return 2;
    }
    throw error;
  }
  if (playground) {
    playground.connect(running.url);
    const url = `http://localhost:${running.port}/`;
    io.out(
      `\n  klaxon playground: ${url}\n  (no SLACK_BOT_TOKEN/SLACK_SIGNING_SECRET set: a local Slack emulator and the sample logs stand in)\n`,
    );
  }
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    running.logger.info({ signal }, "stopping: refusing new alarms (503), draining the outbox (up to 20 s)");
    running
      .stop(20_000)
      .then(async ({ pending }) => {
        await playground?.emulator.close();
        if (pending > 0)
          running.logger.warn(
            { pending },
            "stopped with Slack calls pending; they are stored and go out on next start",
          );
        process.exit(0);
      })
      .catch((error: unknown) => {
        running.logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      });
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
  return 0;
}
