import fc from "fast-check";

/** A string that must never appear in an answer: it sits in a file next to, not inside, the runbooks folder. */
export const OUTSIDE_SENTINEL = "SENTINEL-OUTSIDE-RUNBOOKS-7f3a9c";

/** Marks of files outside `runbooks/` a traversal would leak: the project's package.json, /etc/passwd. */
export const LEAK_MARKS = [OUTSIDE_SENTINEL, '"devDependencies"', "root:x:0:0"] as const;

/** Request targets that took the process down or try to climb out of `runbooks/`. */
export const CRASH_TARGETS = [
  "/runbooks/%E0%A4%A",
  "/runbooks/%ZZ",
  "/runbooks/%",
  "/runbooks/%ED%A0%80",
  "//",
  "///",
  "//evil.example/healthz",
  "*",
  "http://x/healthz",
  "http://x:99999/healthz",
  "https://[::1/healthz",
  "/healthz?q=%E0%A4%A",
  "/sns?%ZZ=%ZZ",
  "/runbooks/..%2F..%2Fpackage.json",
  "/runbooks/..%2Fsecret.txt",
  "/runbooks/%2e%2e/secret.txt",
  "/runbooks/%2e%2e%2f%2e%2e%2fpackage.json",
  "/runbooks/..%5c..%5cpackage.json",
  "/runbooks/....//....//etc/passwd",
  "/runbooks/%252e%252e%252fsecret.txt",
  "/runbooks/../secret.txt",
  "/runbooks/..",
  "/runbooks/%00",
  "/runbooks/a%00.md",
  "/playground/files/%E0%A4%A",
  "/playground/files/..%2F..%2Fpackage.json",
  `/runbooks/${"a".repeat(9 * 1024)}`,
  `/${"%41".repeat(3000)}`,
] as const;

const CRLF = "\r\n";

/** A complete raw HTTP/1.1 request with `Connection: close`. */
export function rawRequest(
  method: string,
  target: string,
  extra: { headers?: string; body?: string } = {},
): string {
  return `${method} ${target} HTTP/1.1${CRLF}Host: localhost${CRLF}Connection: close${CRLF}${extra.headers ?? ""}${CRLF}${extra.body ?? ""}`;
}

/** Broken chunked bodies: bad sizes, missing terminators, sizes larger than what follows. */
const BAD_CHUNKED = [
  "ZZZ\r\nxx\r\n0\r\n\r\n",
  "5\r\nab\r\n0\r\n\r\n",
  "-1\r\nx\r\n0\r\n\r\n",
  "FFFFFFFFFFFFFFFF\r\nx\r\n",
  "3\r\nabc",
  "3;ext=\u0000\r\nabc\r\n0\r\n\r\n",
  "0\r\nTrailer: \u0000\r\n\r\n",
] as const;

/** The fixed crash corpus: every target with GET and POST, `OPTIONS *`, broken chunked bodies, parser junk. */
export function crashCorpus(): string[] {
  const requests: string[] = [];
  for (const target of CRASH_TARGETS) {
    requests.push(rawRequest("GET", target));
    requests.push(rawRequest("POST", target, { headers: `Content-Length: 2${CRLF}`, body: "{}" }));
  }
  requests.push(rawRequest("OPTIONS", "*"));
  for (const path of ["/sns", "/slack/events", "/playground/command", "/healthz"]) {
    for (const body of BAD_CHUNKED) {
      requests.push(rawRequest("POST", path, { headers: `Transfer-Encoding: chunked${CRLF}`, body }));
    }
    requests.push(rawRequest("POST", path, { headers: `Content-Length: 100${CRLF}`, body: "short" }));
    requests.push(rawRequest("POST", path, { headers: `Content-Length: -5${CRLF}` }));
    requests.push(
      rawRequest("POST", path, {
        headers: `Content-Length: 2${CRLF}Transfer-Encoding: chunked${CRLF}`,
        body: "0\r\n\r\n",
      }),
    );
  }
  requests.push("NOT A REQUEST\r\n\r\n", "GET\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "\u0000\u0000\r\n\r\n");
  requests.push(`GET / HTTP/1.1${CRLF}Host: localhost${CRLF}X-Big: ${"b".repeat(20 * 1024)}${CRLF}${CRLF}`);
  return requests;
}

const segment = fc.oneof(
  fc.constantFrom(
    "runbooks",
    "healthz",
    "readyz",
    "metrics",
    "sns",
    "slack",
    "events",
    "playground",
    "files",
    "state",
    "..",
    ".",
    "%2e%2e",
    "..%2F",
    "%2F",
    "%5C",
    "%E0%A4%A",
    "%ZZ",
    "%",
    "%00",
    "\u0000",
    "é",
    "%C3%A9",
    "😀",
    "package.json",
    "secret.txt",
    "high-latency",
    "",
  ),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 8 }),
  fc.integer({ min: 1, max: 9 * 1024 }).map((n) => "a".repeat(n)),
);

const target = fc.oneof(
  { weight: 6, arbitrary: fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => `/${s.join("/")}`) },
  { weight: 1, arbitrary: fc.constantFrom(...CRASH_TARGETS) },
  { weight: 1, arbitrary: fc.constantFrom("*", "//", "http://x/healthz", "x", "") },
);

const query = fc.oneof(
  fc.constant(""),
  fc.constantFrom("?", "?a=%E0%A4%A", "?%ZZ", "?q=..%2F..", "?\u0000"),
  fc.string({ maxLength: 20 }).map((q) => `?${q}`),
);

const method = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom("GET", "POST", "HEAD", "OPTIONS", "PUT", "DELETE", "PATCH", "TRACE"),
  },
  { weight: 1, arbitrary: fc.constantFrom("CONNECT", "G\u0000T", "get", "M-SEARCH", "PRI") },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Z]{1,10}$/) },
);

const body = fc.oneof(
  fc.constant({}),
  fc
    .string({ maxLength: 40 })
    .map((b) => ({ headers: `Content-Length: ${Buffer.byteLength(b)}${CRLF}`, body: b })),
  fc.constantFrom(...BAD_CHUNKED).map((b) => ({ headers: `Transfer-Encoding: chunked${CRLF}`, body: b })),
);

/** Random raw requests: methods, targets with escapes, `..`, NULs, unicode, 9 KB paths, and bodies good and bad. */
export const hostileRequest = fc
  .tuple(method, target, query, body)
  .map(([m, t, q, b]) => rawRequest(m, `${t}${q}`, b));
