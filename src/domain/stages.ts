import { STAGES, type Stage } from './types.js';

/**
 * Board stages arrive as people type them (`Closed-won`, `Closed won`, `closed_won`); one
 * canonical spelling keeps the trigger from missing a close.
 */
export function parseStage(input: string): Stage | undefined {
  const canonical = input
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  return (STAGES as readonly string[]).includes(canonical) ? (canonical as Stage) : undefined;
}
