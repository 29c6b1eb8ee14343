import { extname } from "node:path";
import type { EmulatorState } from "./emulator-state.js";
import { EMULATOR_IDENTITY, type EmulatorFile } from "./emulator-types.js";
import {
  errorBody,
  intArg,
  jsonArg,
  type MethodHandler,
  okBody,
  presentArg,
  stringArg,
} from "./method-args.js";

const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".svg": "image/svg+xml",
  ".txt": "text/plain",
  ".log": "text/plain",
  ".md": "text/markdown",
  ".csv": "text/csv",
  ".json": "application/json",
  ".pdf": "application/pdf",
};

function mimetypeOf(filename: string): string {
  return MIME_BY_EXTENSION[extname(filename).toLowerCase()] ?? "application/octet-stream";
}

const getUploadUrl: MethodHandler = (args, { state, baseUrl }) => {
  const filename = presentArg(args, "filename");
  const length = intArg(args, "length", -1);
  if (filename === undefined || length < 0) return errorBody("invalid_arguments");
  const id = `F0EMU${state.nextId()}`;
  state.addFile({
    id,
    name: filename,
    title: filename,
    mimetype: mimetypeOf(filename),
    size: length,
    url_private: `${baseUrl}/files/${id}`,
  });
  return okBody({ upload_url: `${baseUrl}/upload/${id}`, file_id: id });
};

/** Stores the bytes POSTed to an upload URL; false when the URL names no announced file. */
export function acceptUpload(state: EmulatorState, fileId: string, content: Buffer): boolean {
  const stored = state.file(fileId);
  if (stored === undefined) return false;
  stored.content = content;
  return true;
}

function requestedFiles(value: unknown): { id: string; title?: string }[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const files: { id: string; title?: string }[] = [];
  for (const entry of value) {
    if (typeof entry !== "object" || entry === null || typeof entry.id !== "string") return undefined;
    files.push(typeof entry.title === "string" ? { id: entry.id, title: entry.title } : { id: entry.id });
  }
  return files;
}

const completeUpload: MethodHandler = (args, { state }) => {
  const requested = requestedFiles(jsonArg(args, "files"));
  if (requested === undefined) return errorBody("invalid_arguments");
  const completed: EmulatorFile[] = [];
  for (const { id, title } of requested) {
    const stored = state.file(id);
    if (stored?.content === undefined) return errorBody("file_not_found");
    const file: EmulatorFile = {
      ...stored.file,
      title: title ?? stored.file.title,
      size: stored.content.length,
    };
    state.addFile(file).content = stored.content;
    completed.push(file);
  }
  const channelArg = presentArg(args, "channel_id") ?? presentArg(args, "channels")?.split(",")[0];
  if (channelArg !== undefined) {
    const channel = state.ensureChannel(channelArg);
    const threadTs = presentArg(args, "thread_ts");
    if (threadTs !== undefined && state.findMessage(channel.id, threadTs) === undefined) {
      return errorBody("thread_not_found");
    }
    state.postMessage(channel.id, {
      user: EMULATOR_IDENTITY.botUserId,
      text: stringArg(args, "initial_comment") ?? "",
      files: completed,
      fromBot: true,
      ...(threadTs === undefined ? {} : { threadTs }),
    });
  }
  return okBody({ files: completed });
};

/** The v2 file upload methods (`files.getUploadURLExternal`, `files.completeUploadExternal`). */
export const fileMethods: Readonly<Record<string, MethodHandler>> = {
  "files.getUploadURLExternal": getUploadUrl,
  "files.completeUploadExternal": completeUpload,
};
