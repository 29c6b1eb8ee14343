import type { IncomingMessage } from "node:http";
import type { JsonObject } from "./emulator-types.js";

/** A request body after parsing: plain fields and any uploaded file parts. */
export interface ParsedBody {
  readonly fields: JsonObject;
  readonly files: Buffer[];
}

/** Reads the whole request body as bytes (the raw form is needed for uploads and signature checks). */
export async function readRawBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks);
}

async function parseMultipart(raw: Buffer, contentType: string): Promise<ParsedBody> {
  // The platform Request already knows multipart framing; reusing it avoids a parser dependency.
  const form = await new Request("http://emulator.invalid/", {
    method: "POST",
    headers: { "content-type": contentType },
    body: raw,
  }).formData();
  const fields: JsonObject = {};
  const files: Buffer[] = [];
  for (const [key, value] of form.entries()) {
    if (typeof value === "string") fields[key] = value;
    else files.push(Buffer.from(await value.arrayBuffer()));
  }
  return { fields, files };
}

/**
 * Parses a Web API request body the ways Slack accepts it: JSON, `application/x-www-form-urlencoded` (what
 * `WebClient` sends, with nested values as JSON strings) or multipart; query-string parameters are merged in
 * underneath, as Slack also accepts arguments there. A body that does not parse yields no fields.
 */
export async function parseBody(
  raw: Buffer,
  contentType: string,
  query: URLSearchParams,
): Promise<ParsedBody> {
  const fields: JsonObject = Object.fromEntries(query.entries());
  const type = contentType.toLowerCase();
  if (type.startsWith("multipart/form-data")) {
    const parsed = await parseMultipart(raw, contentType);
    return { fields: { ...fields, ...parsed.fields }, files: parsed.files };
  }
  const text = raw.toString("utf8");
  if (type.startsWith("application/json")) {
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value === "object" && value !== null && !Array.isArray(value)) {
        return { fields: { ...fields, ...(value as JsonObject) }, files: [] };
      }
    } catch {
      return { fields, files: [] };
    }
    return { fields, files: [] };
  }
  return { fields: { ...fields, ...Object.fromEntries(new URLSearchParams(text).entries()) }, files: [] };
}

/** The token from `Authorization: Bearer …`, else from a `token` argument. */
export function tokenOf(request: IncomingMessage, fields: JsonObject): string | undefined {
  const header = request.headers.authorization;
  const bearer = header === undefined ? undefined : /^Bearer\s+(.+)$/i.exec(header)?.[1];
  if (bearer !== undefined) return bearer.trim();
  return typeof fields.token === "string" ? fields.token : undefined;
}

/** Arguments as recorded for tests: the token removed and JSON-string fields decoded. */
export function recordedArgs(fields: JsonObject): JsonObject {
  const { token: _token, ...rest } = fields;
  for (const key of ["blocks", "attachments", "files", "metadata"]) {
    const value = rest[key];
    if (typeof value !== "string") continue;
    try {
      rest[key] = JSON.parse(value);
    } catch {
      // Left as the raw string: the method itself reports the malformed argument.
    }
  }
  return rest;
}
