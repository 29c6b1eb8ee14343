import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Document, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { ConfigError, type ConfigIssue } from "./errors.js";
import { expandVars } from "./expand-vars.js";
import { type EnvConfig, EnvSchema, type FileConfig, FileConfigSchema } from "./schema.js";
import { formatYamlPath, type YamlPath, yamlLocation } from "./yaml-location.js";

/** How klaxon talks to Slack, decided from the environment. */
export type SlackMode = "playground" | "http" | "socket";

/** The whole validated configuration: environment plus YAML file, vars expanded. */
export interface Config {
  readonly env: EnvConfig;
  readonly file: FileConfig;
  /** The YAML file actually read. */
  readonly configPath: string;
  readonly mode: SlackMode;
  /** Things that work but deserve a loud line in the log. */
  readonly warnings: readonly string[];
}

/** The sample config shipped with klaxon, used when no `klaxon.yaml` exists. */
export const BUILTIN_CONFIG_PATH = fileURLToPath(new URL("../../klaxon.example.yaml", import.meta.url));

/** Where a problem is: `env NAME` for the environment, `file:line:column: path` in the YAML file. */
type Locate = (path: YamlPath) => string;

function zodIssues(locate: Locate, error: z.ZodError): ConfigIssue[] {
  return error.issues.map((i) => {
    // A bad record key carries the real reason (e.g. "template names are kebab-case") one level down.
    const inner = i.code === "invalid_key" ? i.issues[0]?.message : undefined;
    return { path: locate(i.path), message: inner ?? i.message };
  });
}

function envPath(path: YamlPath): string {
  const name = formatYamlPath(path);
  return `env ${name === "" ? "(top level)" : name}`;
}

function fileLocator(configPath: string, doc: Document, lineCounter: LineCounter): Locate {
  return (path) => {
    const name = formatYamlPath(path);
    return `${yamlLocation(configPath, doc, lineCounter, path)}: ${name === "" ? "(top level)" : name}`;
  };
}

/**
 * Reads the environment once and the YAML config file it names, validates both with zod, and either returns the
 * whole config or throws a {@link ConfigError} listing every problem at once (path and what was expected).
 * `env` defaults to `process.env`; this is the only place klaxon reads it.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Config {
  const issues: ConfigIssue[] = [];
  const warnings: string[] = [];

  const envResult = EnvSchema.safeParse(env);
  if (!envResult.success) issues.push(...zodIssues(envPath, envResult.error));

  const explicit = env.KLAXON_CONFIG;
  const local = `${cwd}/klaxon.yaml`;
  const configPath = explicit ?? (existsSync(local) ? local : BUILTIN_CONFIG_PATH);
  let file: FileConfig | undefined;
  if (!existsSync(configPath)) {
    issues.push({
      path: "env KLAXON_CONFIG",
      message: `file ${configPath} does not exist; point KLAXON_CONFIG at your klaxon.yaml`,
    });
  } else {
    const lineCounter = new LineCounter();
    const doc = parseDocument(readFileSync(configPath, "utf8"), { lineCounter, prettyErrors: false });
    const locate = fileLocator(configPath, doc, lineCounter);
    if (doc.errors.length > 0) {
      issues.push(
        ...doc.errors.map((e) => {
          const { line, col } = lineCounter.linePos(e.pos[0]);
          return {
            path: `${configPath}:${line}:${col}`,
            message: `YAML syntax: ${e.message.split("\n")[0] ?? ""}`,
          };
        }),
      );
    } else {
      const parsed = FileConfigSchema.safeParse(doc.toJS() ?? {});
      if (parsed.success) file = withEnvSecrets(expandFileVars(parsed.data, locate, issues), env);
      else issues.push(...zodIssues(locate, parsed.error));
    }
  }

  const e = envResult.success ? envResult.data : undefined;
  let mode: SlackMode = "playground";
  if (e) {
    const hasToken = e.SLACK_BOT_TOKEN !== undefined;
    const hasSecret = e.SLACK_SIGNING_SECRET !== undefined;
    if (hasToken !== hasSecret) {
      issues.push({
        path: hasToken ? "env SLACK_SIGNING_SECRET" : "env SLACK_BOT_TOKEN",
        message:
          "set both SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET for real Slack (or neither for the local playground)",
      });
    }
    if (hasToken && hasSecret) mode = e.SLACK_APP_TOKEN ? "socket" : "http";
    if (e.KLAXON_STORE === "dynamodb" && !e.KLAXON_DYNAMODB_TABLE) {
      issues.push({
        path: "env KLAXON_DYNAMODB_TABLE",
        message: "required when KLAXON_STORE=dynamodb; name the table",
      });
    }
    if (e.KLAXON_SNS_CERT_URL_PATTERN) {
      try {
        new RegExp(e.KLAXON_SNS_CERT_URL_PATTERN);
        warnings.push(
          "KLAXON_SNS_CERT_URL_PATTERN overrides the pinned SNS signing-certificate URL check. Use it only in tests: anyone who can serve a matching URL can forge alarms.",
        );
      } catch {
        issues.push({
          path: "env KLAXON_SNS_CERT_URL_PATTERN",
          message: "is not a valid regular expression",
        });
      }
    }
    if (file && mode !== "playground" && !file.runbooks.baseUrl && !file.runbooks.publicUrl) {
      warnings.push(
        "runbooks.publicUrl (klaxon's public URL) and runbooks.baseUrl are unset: alarm messages will carry no runbook link. Set one in klaxon.yaml.",
      );
    }
    if (file && mode !== "playground" && file.sns.topicArns.length === 0 && !file.sns.allowAnyTopic) {
      warnings.push(
        "sns.topicArns is empty: every SNS notification will be refused until you list your alarm topics.",
      );
    }
  }

  if (issues.length > 0 || !e || !file) throw new ConfigError(issues);
  return { env: e, file, configPath, mode, warnings };
}

/**
 * Secrets a deployment injects as environment variables (from Secrets Manager, say) take the place of the same
 * secret in the YAML file, so the file can be baked into an image or committed without it.
 */
function withEnvSecrets(file: FileConfig, env: NodeJS.ProcessEnv): FileConfig {
  const apiKey = env.KLAXON_EVENTBRIDGE_API_KEY;
  if (apiKey === undefined || apiKey === "") return file;
  return { ...file, eventbridge: { ...file.eventbridge, apiKey } };
}

function expandFileVars(file: FileConfig, locate: Locate, issues: ConfigIssue[]): FileConfig {
  const expandGroups = (groups: readonly string[], where: readonly string[]): string[] =>
    groups.map((g, i) => {
      const { text, missing } = expandVars(g, file.vars);
      for (const name of missing) {
        issues.push({
          path: locate([...where, "logGroups", i]),
          message: `unknown variable ${name}; define it under vars:`,
        });
      }
      return text;
    });
  const templates = Object.fromEntries(
    Object.entries(file.templates).map(([k, t]) => [
      k,
      { ...t, logGroups: expandGroups(t.logGroups, ["templates", k]) },
    ]),
  );
  const services = Object.fromEntries(
    Object.entries(file.services).map(([k, s]) => [
      k,
      { ...s, logGroups: expandGroups(s.logGroups, ["services", k]) },
    ]),
  );
  return { ...file, templates, services };
}
