/**
 * The use-case layer: one function per user action, called by every door. Changes go
 * through the domain and one transaction (`transact`); reads show the same record.
 */
export * from './deal-actions.js';
export * from './holds.js';
export * from './org-actions.js';
export * from './reads.js';
export * from './summary.js';
export * from './inbox.js';
export * from './report.js';
export * from './scheduled-summary.js';
export { transact } from './transact.js';
export type { Acting } from './context.js';
export { tick } from '../engine/tick.js';
export { runSequence, type Step, type SequenceResult } from './sequence.js';
export { applyBoardItem, type AppliedItem, type ItemOutcome } from './board-item.js';
export { syncBoard, claimBoardSync, type SyncReport } from './board-sync.js';
export { prospectsSetup, type ProspectsSetup } from './board-reader.js';
