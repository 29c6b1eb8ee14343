import type { ServiceConfig } from "../config/schema.js";

/** Who asks and where: the Slack channel of the command and the user's user-group IDs (S…). */
export interface Requester {
  readonly channelId: string;
  readonly userGroupIds: readonly string[];
}

/** True when some service is limited to user groups, so the caller must look the user's groups up first. */
export function servicesNeedUserGroups(services: Iterable<ServiceConfig>): boolean {
  for (const service of services) if (service.allowedUserGroups !== undefined) return true;
  return false;
}

/**
 * Why `requester` may not query the service `name` (its log lines would be posted in the channel), or undefined
 * when they may. Services without `allowedChannels`/`allowedUserGroups` are open to every channel, as templates
 * are; the message names what is allowed and which config key to extend.
 */
export function serviceAccessDenial(
  name: string,
  service: ServiceConfig,
  requester: Requester,
): string | undefined {
  const channels = service.allowedChannels;
  if (channels !== undefined && !channels.includes(requester.channelId)) {
    return (
      `${name} can only be queried in its allowed channels (${channels.join(", ")}); ask there, or have ` +
      `services.${name}.allowedChannels in klaxon.yaml extended.`
    );
  }
  const groups = service.allowedUserGroups;
  if (groups !== undefined && !groups.some((g) => requester.userGroupIds.includes(g))) {
    return (
      `${name} is limited to members of the user groups ${groups.join(", ")} and you are in none of them; ` +
      `ask an admin to add you, or to extend services.${name}.allowedUserGroups in klaxon.yaml.`
    );
  }
  return undefined;
}
