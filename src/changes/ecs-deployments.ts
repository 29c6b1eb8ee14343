import type { Alarm, Partition } from "../alarms/alarm.js";
import { consoleOrigin } from "../alarms/console-links.js";
import type { DescribedChange } from "./describe-cloudtrail-event.js";

/** One ECS service to read deployments of. */
export interface EcsServiceRef {
  readonly cluster: string;
  readonly service: string;
}

/** The fields of `DescribeServices` klaxon reads (the SDK's `Service` fits this shape). */
export interface EcsServiceDescription {
  readonly serviceName?: string | undefined;
  readonly clusterArn?: string | undefined;
  readonly deployments?:
    | readonly {
        readonly id?: string | undefined;
        readonly status?: string | undefined;
        readonly taskDefinition?: string | undefined;
        readonly createdAt?: Date | undefined;
        readonly updatedAt?: Date | undefined;
        readonly rolloutState?: string | undefined;
      }[]
    | undefined;
}

const SERVICE_ARN =
  /^arn:aws[a-z-]{0,16}:ecs:[a-z0-9-]{1,32}:\d{12}:service\/([^/\s]{1,255})\/([^/\s]{1,255})$/;
const MAX_SERVICES = 10;

/**
 * The ECS services an alarm points at: its `ClusterName` + `ServiceName` dimensions (AWS/ECS, Container
 * Insights), and service ARNs among the configured service's `resources`. At most ten, without repeats.
 */
export function ecsServicesFor(alarm: Alarm | undefined, resources: readonly string[]): EcsServiceRef[] {
  const refs: EcsServiceRef[] = [];
  const t = alarm?.trigger;
  const metrics =
    t?.kind === "metric"
      ? [t.metric]
      : t?.kind === "math" || t?.kind === "anomaly"
        ? t.metrics.map((m) => m.metric)
        : [];
  for (const m of metrics) {
    const cluster = m?.dimensions.ClusterName;
    const service = m?.dimensions.ServiceName;
    if (cluster && service) refs.push({ cluster, service });
  }
  for (const r of resources) {
    const match = SERVICE_ARN.exec(r);
    if (match?.[1] && match[2]) refs.push({ cluster: match[1], service: match[2] });
  }
  const seen = new Set<string>();
  return refs
    .filter((r) => {
      const key = `${r.cluster}/${r.service}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, MAX_SERVICES);
}

/**
 * Deployments of ECS services that started or finished inside the window, one change each: task definition
 * revision before → after (the previous deployment's and this one's) and the rollout state, with a console link
 * to the service's deployments. Names carry the cluster and service so ranking can match them.
 */
export function describeEcsDeployments(
  services: readonly EcsServiceDescription[],
  window: { readonly startMs: number; readonly endMs: number },
  where: { readonly region: string; readonly partition: Partition },
): DescribedChange[] {
  const out: DescribedChange[] = [];
  for (const svc of services) {
    const name = svc.serviceName ?? "service";
    const cluster = svc.clusterArn?.split("/").at(-1) ?? "";
    const deployments = [...(svc.deployments ?? [])].sort(
      (a, b) => (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0),
    );
    deployments.forEach((d, index) => {
      const started = d.createdAt?.getTime();
      const finished =
        d.rolloutState === "COMPLETED" || d.rolloutState === "FAILED" ? d.updatedAt?.getTime() : undefined;
      const inWindow = (t: number | undefined) => t !== undefined && t >= window.startMs && t <= window.endMs;
      if (!inWindow(started) && !inWindow(finished)) return;
      const at = inWindow(finished) ? finished : started;
      const previous = deployments[index - 1]?.taskDefinition;
      const after = revisionOf(d.taskDefinition);
      const state = d.rolloutState ?? d.status ?? "unknown";
      const what =
        d.rolloutState === "COMPLETED" && inWindow(finished)
          ? "Deployment completed"
          : d.rolloutState === "FAILED"
            ? "Deployment failed"
            : "Deployment started";
      out.push({
        at: new Date(at ?? window.endMs).toISOString(),
        who: "ECS",
        what,
        eventName: "EcsDeployment",
        resource: name,
        detail: `task definition ${previous ? `${revisionOf(previous)} → ` : ""}${after} (rollout ${state})`,
        source: "ecs",
        link: `${consoleOrigin(where.partition, where.region)}/ecs/v2/clusters/${encodeURIComponent(cluster)}/services/${encodeURIComponent(name)}/deployments?region=${encodeURIComponent(where.region)}`,
        names: [name, cluster, ...(d.taskDefinition ? [d.taskDefinition] : [])].filter((n) => n !== ""),
      });
    });
  }
  return out;
}

/** `arn:…:task-definition/api:42` → `api:42`. */
function revisionOf(taskDefinition: string | undefined): string {
  return taskDefinition?.split("/").at(-1) ?? "?";
}
