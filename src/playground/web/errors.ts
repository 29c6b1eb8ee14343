import { KlaxonError } from "../../shared/klaxon-error.js";

/**
 * The playground page's browser files are missing or unreadable: a build that did not copy them into
 * `dist/playground/web/browser/`, or a package that left them out. Carries the directory it looked in.
 */
export class PlaygroundAssetError extends KlaxonError {
  override name = "PlaygroundAssetError";
  readonly dir: string;

  constructor(dir: string, detail: string, cause?: unknown) {
    super(
      "playground_assets_missing",
      `the playground page's scripts and styles are missing from ${dir} (${detail}). In a checkout run \`npm run build\` (it copies src/playground/web/browser/ into dist/), or \`npm run dev\` to run from source; an installed package must be reinstalled.`,
      { cause },
    );
    this.dir = dir;
  }
}
