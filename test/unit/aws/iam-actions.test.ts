import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { IAM_ACTIONS, TABLE_SETUP_IAM_ACTIONS } from "../../../src/aws/iam-actions.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const SRC = `${ROOT}src/`;
const TABLE_SETUP_FILE = "store/ensure-dynamodb-table.ts";

/** IAM service prefix of each SDK client package klaxon imports. */
const SERVICE_PREFIX: Readonly<Record<string, string>> = {
  "@aws-sdk/client-cloudtrail": "cloudtrail",
  "@aws-sdk/client-cloudwatch": "cloudwatch",
  "@aws-sdk/client-cloudwatch-logs": "logs",
  "@aws-sdk/client-dynamodb": "dynamodb",
  "@aws-sdk/client-ecs": "ecs",
  "@aws-sdk/client-sns": "sns",
  "@aws-sdk/client-sqs": "sqs",
};

/** The operation each SDK waiter polls. */
const WAITER_OPERATION: Readonly<Record<string, string>> = { TableExists: "DescribeTable" };

/**
 * `service:Action` for every command a file sends (`new XxxCommand(`), every paginator (`paginateXxx(`) and every
 * waiter (`waitUntilXxx(`), each resolved through the file's import from an `@aws-sdk/client-*` package: a static
 * `import { … } from "…"` or a loaded-on-first-use `const { … } = (await import("…")).default`.
 */
function actionsIn(text: string, file: string): string[] {
  const packageOf = new Map<string, string>();
  const imports = [
    ...text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*"(@aws-sdk\/client-[a-z-]+)"/g),
    ...text.matchAll(
      /const\s*\{([^}]*)\}\s*=\s*\(await\s+import\("(@aws-sdk\/client-[a-z-]+)"\)\)\.default/g,
    ),
  ];
  for (const m of imports) {
    for (const name of (m[1] ?? "").split(",")) {
      const clean = name.replace(/\btype\b/, "").trim();
      if (clean !== "") packageOf.set(clean, m[2] ?? "");
    }
  }
  const uses = [
    ...[...text.matchAll(/new ([A-Z]\w*)Command\(/g)].map((m) => ({
      symbol: `${m[1]}Command`,
      op: m[1] ?? "",
    })),
    ...[...text.matchAll(/\bpaginate([A-Z]\w*)\(/g)].map((m) => ({
      symbol: `paginate${m[1]}`,
      op: m[1] ?? "",
    })),
    ...[...text.matchAll(/\bwaitUntil([A-Z]\w*)\(/g)].map((m) => ({
      symbol: `waitUntil${m[1]}`,
      op: WAITER_OPERATION[m[1] ?? ""] ?? `unknown waiter ${m[1]}`,
    })),
  ];
  return uses.map(({ symbol, op }) => {
    const pkg = packageOf.get(symbol);
    const prefix = pkg === undefined ? undefined : SERVICE_PREFIX[pkg];
    if (prefix === undefined)
      throw new Error(`${file}: ${symbol} is not imported from a known @aws-sdk client`);
    return `${prefix}:${op}`;
  });
}

function scan(include: (file: string) => boolean): Set<string> {
  const actions = new Set<string>();
  for (const file of readdirSync(SRC, { recursive: true, encoding: "utf8" })) {
    if (!file.endsWith(".ts") || !include(file)) continue;
    for (const a of actionsIn(readFileSync(`${SRC}${file}`, "utf8"), file)) actions.add(a);
  }
  return actions;
}

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

/**
 * Actions the SDK's credential providers send for klaxon, which no `new XxxCommand(` in `src/` shows: the
 * assumed-role provider (`fromTemporaryCredentials`) calls `sts:AssumeRole` for each account under `accounts:`.
 * Each is listed with the file that must create that provider, so the grant goes when the provider does.
 */
const PROVIDER_ACTIONS: Readonly<Record<string, { file: string; call: string }>> = {
  "sts:AssumeRole": { file: "aws/create-aws-clients.ts", call: "fromTemporaryCredentials(" },
};

function providerActions(): string[] {
  return Object.entries(PROVIDER_ACTIONS)
    .filter(([, p]) => readFileSync(`${SRC}${p.file}`, "utf8").includes(p.call))
    .map(([action]) => action);
}

/** The `Action`s of each statement in the README's least-privilege policy, by `Sid`. */
function readmePolicy(): Map<string, string[]> {
  const readme = readFileSync(`${ROOT}README.md`, "utf8");
  const section = readme.slice(readme.indexOf("## Least-privilege IAM policy"));
  const block = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
  if (block === undefined) throw new Error("README has no JSON policy under 'Least-privilege IAM policy'");
  const policy = JSON.parse(block) as { Statement: { Sid: string; Action: string | string[] }[] };
  return new Map(policy.Statement.map((s) => [s.Sid, [s.Action].flat()]));
}

describe("IAM_ACTIONS", () => {
  it("lists exactly the SDK operations the running service sends", () => {
    // Act
    const called = [...scan((file) => file !== TABLE_SETUP_FILE), ...providerActions()];
    // Assess: both directions, so neither an unlisted call nor a stale grant survives.
    expect(sorted(called)).toEqual(sorted(Object.values(IAM_ACTIONS).flat()));
  });

  it("lists the table set-up helper's operations separately", () => {
    const setup = scan((file) => file === TABLE_SETUP_FILE);
    expect(sorted(setup)).toEqual(sorted(TABLE_SETUP_IAM_ACTIONS));
  });

  it("finds commands, paginators and waiters through multi-line and on-first-use imports", () => {
    const text = [
      'import {\n  QueryCommand,\n  paginateQuery,\n  waitUntilTableExists,\n} from "@aws-sdk/client-dynamodb";',
      'import { StartQueryCommand } from "@aws-sdk/client-cloudwatch-logs";',
      "new QueryCommand({}); paginateQuery({ client }, {}); waitUntilTableExists({ client }, {});",
      "new StartQueryCommand({});",
      'const { ConfirmSubscriptionCommand } = (await import("@aws-sdk/client-sns")).default;',
      "new ConfirmSubscriptionCommand({});",
    ].join("\n");
    expect(sorted(actionsIn(text, "sample.ts"))).toEqual([
      "dynamodb:DescribeTable",
      "dynamodb:Query",
      "logs:StartQuery",
      "sns:ConfirmSubscription",
    ]);
  });
});

describe("README least-privilege policy", () => {
  it("grants exactly IAM_ACTIONS, one statement per feature", () => {
    // Prepare
    const statements = readmePolicy();
    // Act
    const granted = sorted([...statements.values()].flat());
    const perStatement = sorted([...statements.values()].map((a) => sorted(a).join(" ")));
    const perFeature = sorted(Object.values(IAM_ACTIONS).map((a) => sorted(a).join(" ")));
    // Assess
    expect(granted).toEqual(sorted(Object.values(IAM_ACTIONS).flat()));
    expect(perStatement).toEqual(perFeature);
  });
});
