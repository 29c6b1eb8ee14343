import { describe, expectTypeOf, it } from "vitest";
import type {
  PageConfig as BrowserPageConfig,
  PlaygroundState as BrowserPlaygroundState,
} from "../../../../src/playground/web/browser/playground-types.js";
import type { PageConfig } from "../../../../src/playground/web/page-html.js";
import type { PlaygroundState } from "../../../../src/playground/web/playground-state.js";

// A type-level test: `npm run typecheck` fails when the server's JSON no longer fits what the page's modules read
// (the page's types live in browser/playground-types.d.ts, checked with the browser modules).
describe("the browser's view of the server's JSON", () => {
  it("accepts the state and the config the server sends, so the two cannot drift apart", () => {
    // Assess
    expectTypeOf<PlaygroundState>().toExtend<BrowserPlaygroundState>();
    expectTypeOf<PageConfig>().toExtend<BrowserPageConfig>();
  });
});
