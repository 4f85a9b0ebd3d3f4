import type { AgentLiveness } from './commands.js';
import type { Policy } from './policy.js';
import { localDateTime } from './time.js';

export interface AgentRecord {
  lastHeartbeatAt?: number;
  activatedAt?: number;
  activatedBy?: string;
}

/**
 * SOP-5c: an agent is live when its last heartbeat is within the policy window, or when the
 * ceo activated it manually within the activation window.
 */
export function liveness(agent: AgentRecord | undefined, now: number, policy: Policy, timezone: string): AgentLiveness {
  const beat = agent?.lastHeartbeatAt;
  if (beat !== undefined && now - beat <= policy.heartbeatWindowMs && beat <= now) {
    return { live: true, detail: `heartbeat ${localDateTime(beat, timezone)}` };
  }
  const activated = agent?.activatedAt;
  if (activated !== undefined && now - activated <= policy.activationWindowMs && activated <= now) {
    return { live: true, detail: `activated by ${agent?.activatedBy ?? 'ceo'} ${localDateTime(activated, timezone)}` };
  }
  if (beat !== undefined) return { live: false, detail: `last heartbeat ${localDateTime(beat, timezone)}` };
  return { live: false, detail: 'no heartbeat recorded' };
}
