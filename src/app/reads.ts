import { draftPacket as draft } from '../domain/packet/draft.js';
import { BatonError } from '../domain/problem.js';
import { noDealProblem } from '../domain/refuse.js';
import type { DealState } from '../domain/types.js';
import type { Engine } from '../engine/engine.js';
import { configPolicyId, policyFor } from '../engine/policies.js';
import type { CurrentPolicy } from '../views/status.js';
import { listDeals, listEvents, listMessages, listOrgEvents, loadDeal, type StoredEvent, type StoredMessage, type StoredOrgEvent } from '../store/index.js';

/** The reads every door shows the same way: what `status`, `timeline`, `messages`, `audit` print. */

export function noDeal(id: string): BatonError {
  return new BatonError('not-found', [noDealProblem(id, 'use a deal id the status list shows, or add the deal')]);
}

export async function dealState(engine: Engine, id: string): Promise<DealState> {
  const loaded = await loadDeal(engine.store.db, id);
  if (!loaded) throw noDeal(id);
  return loaded.state;
}

export async function allDeals(engine: Engine): Promise<DealState[]> {
  return (await listDeals(engine.store.db)).map((d) => d.state);
}

export async function timeline(engine: Engine, id: string): Promise<{ state: DealState; events: StoredEvent[] }> {
  const state = await dealState(engine, id);
  return { state, events: await listEvents(engine.store.db, id) };
}

export function messages(engine: Engine, opts: { dealId?: string } = {}): Promise<StoredMessage[]> {
  return listMessages(engine.store.db, opts);
}

export function audit(engine: Engine, opts: { since?: number } = {}): Promise<StoredOrgEvent[]> {
  return listOrgEvents(engine.store.db, opts);
}

/** The packet pre-filled from the board (SPEC §4), under the handoff's own policy (its price): only a read. */
export async function packetDraft(engine: Engine, id: string): Promise<string> {
  const state = await dealState(engine, id);
  const { policy } = await policyFor(engine.store.db, engine, state);
  return draft(state, { policy, timezone: engine.config.org.timezone });
}

/** The config's policy now (SPEC §15), for `status` to say when a handoff's own policy differs. */
export function currentPolicy(engine: Engine): CurrentPolicy {
  return { id: configPolicyId(engine), version: engine.config.policy.version };
}
