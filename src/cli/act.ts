import type { Command as DomainCommand } from '../domain/commands.js';
import type { DomainEvent } from '../domain/events.js';
import type { DealState } from '../domain/types.js';
import type { DispatchReport } from '../engine/dispatcher.js';
import { runAndDeliver } from '../app/index.js';
import { actorFor, withEngine, type Run } from './context.js';
import { describeEvent } from '../views/timeline.js';

export interface Acted {
  events: DomainEvent[];
  state: DealState | undefined;
  delivery: DispatchReport;
  timezone: string;
}

/**
 * The path every CLI change takes: one command in one transaction, then an attempt to
 * deliver what it queued; what cannot be delivered stays queued for tick or serve.
 */
export async function act(run: Run, dealId: string, command: DomainCommand): Promise<Acted> {
  return withEngine(run, async (engine) => {
    const result = await runAndDeliver(engine, dealId, command, { now: run.now, actor: actorFor(run, command.type) });
    return { events: result.events, state: result.state, delivery: result.delivery, timezone: engine.config.org.timezone };
  });
}

/** Prints what a command did: the events in words, or that nothing changed. */
export function printActed(run: Run, acted: Acted, extra: Record<string, unknown> = {}): void {
  if (run.json) {
    run.outJson({ changed: acted.events.length > 0, events: acted.events, ...extra, delivery: acted.delivery });
    return;
  }
  if (acted.events.length === 0) {
    run.out('Nothing to do: already recorded.');
    return;
  }
  for (const event of acted.events) run.out(describeEvent(event, acted.timezone));
  if (acted.delivery.retrying + acted.delivery.failed > 0) {
    run.hint(`${acted.delivery.retrying} message(s) could not be delivered yet; baton tick retries them (baton messages shows why).`);
  }
}
