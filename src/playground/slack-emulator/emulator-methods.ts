import { chatMethods } from "./chat-methods.js";
import { conversationMethods } from "./conversation-methods.js";
import { fileMethods } from "./file-methods.js";
import type { MethodHandler } from "./method-args.js";
import { viewMethods } from "./view-methods.js";

/** Every Web API method the emulator implements, by Slack method name. */
export const emulatorMethods: ReadonlyMap<string, MethodHandler> = new Map(
  Object.entries({ ...chatMethods, ...conversationMethods, ...fileMethods, ...viewMethods }),
);
