import { MRKDWN_SCRIPT } from "./mrkdwn-script.js";
import { PAGE_CONTROLS_SCRIPT } from "./page-controls-script.js";
import { PAGE_SCRIPT } from "./page-script.js";
import { RENDER_BLOCKS_SCRIPT } from "./render-blocks-script.js";
import { RENDER_LAYOUT_SCRIPT } from "./render-layout-script.js";

/**
 * The page's whole script, served as `/playground/app.js`: the mrkdwn parser, the Block Kit renderers and
 * the page logic, concatenated in dependency order inside one strict-mode function so nothing leaks onto
 * `window`. Plain ES2017 for current Chromium and Firefox; no build step, no framework, no external assets.
 */
export function playgroundScript(): string {
  return [
    "(function () {",
    '"use strict";',
    MRKDWN_SCRIPT,
    RENDER_BLOCKS_SCRIPT,
    RENDER_LAYOUT_SCRIPT,
    PAGE_SCRIPT,
    PAGE_CONTROLS_SCRIPT,
    "start();",
    "})();",
    "",
  ].join("\n");
}
