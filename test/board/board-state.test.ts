import { describe, expect, it } from 'vitest';
import { handoffLabel } from '../../src/domain/board-state.js';
import { effectsOf, type EffectContext } from '../../src/domain/effects.js';
import type { DomainEvent } from '../../src/domain/events.js';
import type { DealState, Handoff } from '../../src/domain/types.js';

/** SPEC §14: the label each handoff state shows on the Prospects board, and the effect that writes it once per change. */

const deal = (id = '1234567890'): DealState['deal'] => ({ id, company: 'Acme', contact: {}, stage: 'closed-won', owner: 'cro', notes: [] });
const handoff = (over: Partial<Handoff> = {}): Handoff => ({
  cycle: 1,
  t0: 0,
  closeDate: '2026-11-26',
  policyVersion: 'v1.0',
  state: 'awaiting-packet',
  packetPath: 'p.md',
  clocks: {},
  ...over,
});
const state = (h?: Partial<Handoff>, id?: string): DealState => ({ deal: deal(id), ...(h ? { handoff: handoff(h) } : {}) });
const CTX: EffectContext = { timezone: 'UTC', channel: '#exec-checkins', customerSuccess: { live: true, detail: '' }, boardState: true };
const NOTE: DomainEvent = { type: 'deal.note-added', note: { at: 1, text: 'x' }, at: 1, actor: 'cro' };
const boardMessages = (after: DealState, before: DealState | undefined, ctx = CTX) => effectsOf([NOTE], after, ctx, before).messages.filter((m) => m.kind === 'handoff-state');

describe('handoffLabel', () => {
  it('names each state as the CRO reads it', () => {
    expect(handoffLabel(state())).toBeUndefined();
    expect(handoffLabel(state({ state: 'awaiting-packet' }))).toBe('Packet due');
    expect(handoffLabel(state({ state: 'awaiting-acknowledgement' }))).toBe('Packet filed');
    expect(handoffLabel(state({ state: 'awaiting-acknowledgement', clocks: { acknowledgement: { name: 'acknowledgement', state: 'overdue', startedAt: 0, dueAt: 1 } } }))).toBe(
      'Escalated',
    );
    expect(handoffLabel(state({ state: 'acknowledged' }))).toBe('Acknowledged');
    expect(handoffLabel(state({ state: 'in-delivery' }))).toBe('In delivery');
    expect(handoffLabel(state({ state: 'delivered' }))).toBe('Delivered');
    expect(handoffLabel(state({ state: 'on-hold' }))).toBe('Stopped');
    expect(handoffLabel(state({ state: 'stopped' }))).toBe('Stopped');
  });
});

describe('the handoff-state effect', () => {
  it('is owed when the events change the label, keyed by deal, cycle and label', () => {
    expect(boardMessages(state({ state: 'awaiting-packet' }), state())).toEqual([
      {
        key: '1234567890/c1/board-state/Packet due',
        kind: 'handoff-state',
        channel: 'board',
        recipient: 'prospects-board',
        text: 'Packet due',
        payload: { dealId: '1234567890', itemId: '1234567890', label: 'Packet due' },
      },
    ]);
    expect(boardMessages(state({ state: 'stopped', cycle: 3 }), state({ state: 'in-delivery', cycle: 3 }))[0]!.key).toBe('1234567890/c3/board-state/Stopped');
  });

  it('is not owed when the label stays, without the config flag, or for a deal that is no board item', () => {
    expect(boardMessages(state({ state: 'awaiting-packet' }), state({ state: 'awaiting-packet' }))).toEqual([]);
    expect(boardMessages(state({ state: 'awaiting-packet' }), state(), { ...CTX, boardState: false })).toEqual([]);
    expect(boardMessages(state({ state: 'awaiting-packet' }, 'acme'), state(undefined, 'acme'))).toEqual([]);
  });

  it('after a re-filing, a round of labels has keys of its own', () => {
    const refiled = state({ state: 'awaiting-acknowledgement', packet: { revision: 2, filedAt: 1, fields: {}, text: '' } });
    expect(boardMessages(refiled, state({ state: 'acknowledged' }))[0]!.key).toBe('1234567890/c1/board-state/Packet filed/r2');
  });
});
