import type { App } from "@slack/bolt";
import { LINK_ACTION_ID_PATTERN } from "../action-ids.js";

/** URL buttons still send Slack an interaction; acknowledging it keeps Slack from showing an error icon. */
export function registerLinkButtons(app: App): void {
  app.action(LINK_ACTION_ID_PATTERN, async ({ ack }) => {
    await ack();
  });
}
