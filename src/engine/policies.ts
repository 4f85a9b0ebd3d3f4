import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { POLICY_V1, type Policy } from '../domain/policy.js';
import type { DealState } from '../domain/types.js';
import { loadPolicy, savePolicy } from '../store/index.js';
import type { Database } from '../store/schema.js';
import type { Engine } from './engine.js';

/**
 * SPEC §15, policy versions: a handoff keeps the policy it started under. A policy is
 * stored once per distinct content, keyed by the hash of that content; the handoff
 * records the key (`policyId`), and every later command on it decides under that policy,
 * whatever the config says now. A handoff from before policies were stored has no key
 * and follows the config, as it always did.
 */

/** JSON with sorted keys: the same policy always has the same text, and so the same id. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The id of a policy: `sha256:` and the first 16 bytes of the hash of its canonical JSON, in hex. */
export function policyIdOf(policy: Policy): string {
  return `sha256:${createHash('sha256').update(canonical(policy)).digest('hex').slice(0, 32)}`;
}

/** Stored policies never change (the id is their content): one cache for the process. */
const cache = new Map<string, Policy>();
const ids = new WeakMap<Policy, string>();

/** The id of the config's policy, computed once per config. */
export function configPolicyId(engine: Engine): string {
  const policy = engine.config.policy;
  let id = ids.get(policy);
  if (id === undefined) {
    id = policyIdOf(policy);
    ids.set(policy, id);
  }
  return id;
}

/** The policy a command on this deal decides under: its handoff's, or the config's for a deal without one. */
export async function policyFor(db: Kysely<Database>, engine: Engine, state: DealState | undefined): Promise<{ policy: Policy; policyId: string }> {
  const id = state?.handoff?.policyId;
  if (id === undefined) return { policy: engine.config.policy, policyId: configPolicyId(engine) };
  if (id === configPolicyId(engine)) return { policy: engine.config.policy, policyId: id };
  const cached = cache.get(id);
  if (cached) return { policy: cached, policyId: id };
  const row = await loadPolicy(db, id);
  // A key with no row cannot happen (they are written together); follow the config rather than stop.
  if (!row) return { policy: engine.config.policy, policyId: configPolicyId(engine) };
  // A policy stored before a key existed gets v1.0's value for it; what it stored stays.
  const policy = { ...POLICY_V1, ...(JSON.parse(row.data) as Partial<Policy>) } as Policy;
  cache.set(id, policy);
  return { policy, policyId: id };
}

/** Stores the config's policy when a command starts a handoff under it (once per distinct policy). */
export async function storePolicyIfStarted(db: Kysely<Database>, policyId: string, policy: Policy, events: readonly { type: string }[], now: number): Promise<void> {
  if (!events.some((e) => e.type === 'handoff.started')) return;
  await savePolicy(db, { id: policyId, version: policy.version, data: JSON.stringify(policy), createdAt: now });
}
