import type { JsonObject } from "./emulator-types.js";
import { errorBody, jsonArg, type MethodHandler, okBody, presentArg } from "./method-args.js";
import { validateBlocks } from "./validate-blocks.js";

/**
 * `views.publish`: a `home` view (type, blocks within Block Kit limits, at most 100) for an existing user id.
 * The view arrives as JSON text (form-encoded) or an object (JSON body).
 */
const publish: MethodHandler = (args, { state }) => {
  const userId = presentArg(args, "user_id");
  if (userId === undefined) return errorBody("invalid_arguments");
  const view = jsonArg(args, "view");
  if (typeof view !== "object" || view === null || Array.isArray(view)) return errorBody("invalid_arguments");
  const v = view as JsonObject;
  if (v.type !== "home") return errorBody("invalid_arguments", { detail: "view.type must be home" });
  const blocks = Array.isArray(v.blocks) ? v.blocks : [];
  if (blocks.length > 100) return errorBody("invalid_arguments", { detail: "at most 100 blocks" });
  const check = validateBlocks(v.blocks);
  if (!check.ok) return errorBody("invalid_blocks");
  state.setHomeView(userId, v);
  return okBody({ view: { ...v, id: `V${userId}` } });
};

/** `views.publish` (the App Home tab). */
export const viewMethods: Readonly<Record<string, MethodHandler>> = { "views.publish": publish };
