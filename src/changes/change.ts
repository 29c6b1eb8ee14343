/** Why a change is shown where it is: how close it is to what the alarm watches. */
export type Relevance = "alarm" | "service" | "other";

/**
 * One change in the account before an alarm, from CloudTrail (a write API call) or from an ECS service's
 * deployments, reduced to what an on-call person reads in one line. Texts are untrusted (they come from API
 * parameters) and are escaped and redacted by the renderer.
 */
export interface Change {
  /** When it happened (ISO); for a deployment, when it started or, if later in the window, finished. */
  readonly at: string;
  /** The principal's short name: role session, user name, `root`, or the AWS service that acted. */
  readonly who: string;
  /** The API call in words (`Update service`) or the deployment (`Deployment completed`). */
  readonly what: string;
  /** The raw event name (`UpdateService`), for the console link and tests. */
  readonly eventName: string;
  /** The resource acted on, short (`axonflow-api`), when one is known. */
  readonly resource?: string;
  /** Extra detail such as `task definition axonflow-api:41 → 42 (rollout COMPLETED)`. */
  readonly detail?: string;
  readonly source: "cloudtrail" | "ecs";
  /** Console link to the CloudTrail event or the ECS service's deployments. */
  readonly link?: string;
  readonly relevance: Relevance;
}

/** What a lookup found: changes ranked most relevant and closest first, plus notes on what could not be read. */
export interface ChangesReport {
  readonly changes: readonly Change[];
  /** One line each: a missing permission, a throttled or timed-out lookup, a cut-off page limit. */
  readonly notes: readonly string[];
  /** The window searched, epoch milliseconds. */
  readonly startMs: number;
  readonly endMs: number;
}
