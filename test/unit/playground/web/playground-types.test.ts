import { describe, expectTypeOf, it } from "vitest";
import type {
  PageConfig as BrowserPageConfig,
  PlaygroundState as BrowserPlaygroundState,
} from "../../../../src/playground/web/browser/playground-types.js";
import type { PageConfig } from "../../../../src/playground/web/page-html.js";
import type { PlaygroundState } from "../../../../src/playground/web/playground-state.js";

describe("the browser's view of the server's JSON", () => {
  it("accepts the state and the config the server sends, so the two cannot drift apart", () => {
    // Assess
    expectTypeOf<PlaygroundState>().toExtend<BrowserPlaygroundState>();
    expectTypeOf<PageConfig>().toExtend<BrowserPageConfig>();
  });
});
