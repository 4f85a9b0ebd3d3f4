import type { Engine } from '../engine/engine.js';
import type { CommandResult } from '../engine/execute.js';
import type { Acting } from './context.js';
import { run } from './deal-actions.js';

/**
 * SPEC §15 holds: chief.staff or the ceo pauses one clock of a handoff, with the reason,
 * and resumes it later; its due time (and its unsent reminders) move by the time held.
 * The domain decides who may and which clock can; every door (CLI, HTTP, MCP) calls these.
 */

export function holdClock(engine: Engine, id: string, clock: string, reason: string, acting: Acting): Promise<CommandResult> {
  return run(engine, id, { type: 'clock.hold', clock, reason }, acting);
}

export function resumeClock(engine: Engine, id: string, clock: string, acting: Acting): Promise<CommandResult> {
  return run(engine, id, { type: 'clock.resume', clock }, acting);
}
