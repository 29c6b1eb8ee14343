import { readdirSync, readFileSync } from "node:fs";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { PlaygroundAssetError } from "./errors.js";

/** A file the playground page loads: its URL path, content type and text. */
export interface BrowserAsset {
  readonly path: string;
  readonly type: string;
  readonly body: string;
}

/** Where the page's files live: `browser/` next to this module, in `src/` from source and in `dist/` when built. */
export const BROWSER_ASSET_DIR = new URL("./browser/", import.meta.url);

/** The URL prefix the page loads its files from; the entry module is `/playground/app.js`. */
export const BROWSER_ASSET_PREFIX = "/playground/";

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

/**
 * Reads the page's scripts (ES modules) and stylesheets from `dir`, once at start-up, so they are served
 * from memory. Only `.js` and `.css` files are served (the type declarations beside them in `src/` are for the
 * type checker). Throws {@link PlaygroundAssetError} when the directory is missing or has no `app.js`.
 */
export function loadBrowserAssets(dir: URL = BROWSER_ASSET_DIR): BrowserAsset[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => extname(name) in CONTENT_TYPES);
  } catch (cause) {
    throw new PlaygroundAssetError(fileURLToPath(dir), "the directory cannot be read", cause);
  }
  if (!names.includes("app.js")) throw new PlaygroundAssetError(fileURLToPath(dir), "there is no app.js");
  return names.sort().map((name) => ({
    path: `${BROWSER_ASSET_PREFIX}${name}`,
    type: CONTENT_TYPES[extname(name)] ?? "application/octet-stream",
    body: readFileSync(new URL(name, dir), "utf8"),
  }));
}
