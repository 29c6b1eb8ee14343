import type { App } from "@slack/bolt";
import type { Logger } from "../../shared/logger.js";
import type { AppHomePublisher } from "../app-home-publisher.js";

/** `app_home_opened` on the Home tab: publish that user's Home (open episodes, mutes, report headline). */
export function registerAppHome(app: App, deps: { appHome: AppHomePublisher; logger: Logger }): void {
  app.event("app_home_opened", async ({ event }) => {
    if (event.tab !== "home") return;
    try {
      await deps.appHome.opened(event.user);
    } catch (error) {
      deps.logger.warn({ err: error, user: event.user }, "could not publish the App Home");
    }
  });
}
