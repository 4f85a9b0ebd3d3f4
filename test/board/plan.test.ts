import { describe, expect, it } from 'vitest';
import { planDeal } from '../../src/board/plan.js';
import type { BoardDeal, ReadItem } from '../../src/board/read-item.js';
import type { Deal } from '../../src/domain/types.js';

/** SPEC §14: reconciling an item plans what Baton must apply, idempotently: the same board on the same deal plans nothing. */

const BOARD: BoardDeal = {
  id: '1234567890',
  company: 'Acme Analytics',
  contact: { name: 'Ana Ruiz', title: 'VP Partnerships', email: 'ana@acme.example' },
  stage: 'closed-won',
  commitment: { type: 'verbal', sowExpected: '2026-12-01' },
  sowSigned: false,
  origin: 'Partner referral',
};
const read = (deal: Partial<BoardDeal> = {}, problems: ReadItem['problems'] = []): ReadItem => ({ deal: { ...BOARD, ...deal }, problems });

/** The deal Baton holds once the board above was applied. */
const DEAL: Deal = {
  id: '1234567890',
  company: 'Acme Analytics',
  contact: { name: 'Ana Ruiz', title: 'VP Partnerships', email: 'ana@acme.example' },
  stage: 'closed-won',
  owner: 'cro',
  origin: 'Partner referral',
  notes: [],
  commitment: { type: 'verbal', loggedAt: 1, sowExpected: '2026-12-01' },
};

describe('planDeal', () => {
  it('a new item: every detail, the commitment and the stage', () => {
    expect(planDeal(read(), undefined)).toEqual({
      outcome: 'added',
      details: { company: 'Acme Analytics', contact: BOARD.contact, origin: 'Partner referral' },
      commit: { commitment: 'verbal', sowExpected: '2026-12-01' },
      stage: 'closed-won',
    });
    expect(planDeal(read({ stage: 'lead', commitment: undefined, origin: undefined }), undefined)).toEqual({
      outcome: 'added',
      details: { company: 'Acme Analytics', contact: BOARD.contact },
    });
  });

  it('the same board on the deal it made plans nothing', () => {
    expect(planDeal(read(), DEAL)).toEqual({ outcome: 'unchanged' });
  });

  it('only what the board changes; an emptied optional field is cleared with ""', () => {
    const plan = planDeal(read({ company: 'Acme Analytics GmbH', contact: { name: 'Ana Ruiz', email: 'ana@acme.example', phone: '+12025550169' }, origin: undefined }), DEAL);
    expect(plan).toEqual({
      outcome: 'updated',
      details: { company: 'Acme Analytics GmbH', contact: { title: '', phone: '+12025550169' }, origin: '' },
    });
  });

  it('a new commitment type or expected date is logged; a stage change is applied', () => {
    expect(planDeal(read({ commitment: { type: 'written' } }), DEAL)).toEqual({ outcome: 'updated', commit: { commitment: 'written' } });
    expect(planDeal(read({ commitment: { type: 'verbal', sowExpected: '2026-12-08' } }), DEAL)).toEqual({
      outcome: 'updated',
      commit: { commitment: 'verbal', sowExpected: '2026-12-08' },
    });
    expect(planDeal(read({ stage: 'closed-lost' }), DEAL)).toEqual({ outcome: 'updated', stage: 'closed-lost' });
  });

  it('the board does not take back a commitment, an expected date or a signature', () => {
    expect(planDeal(read({ commitment: undefined }), DEAL)).toEqual({ outcome: 'unchanged' });
    expect(planDeal(read({ commitment: { type: 'verbal' } }), DEAL)).toEqual({ outcome: 'unchanged' });
    expect(planDeal(read({ sowSigned: false }), { ...DEAL, sowSignedAt: 5 })).toEqual({ outcome: 'unchanged' });
    expect(planDeal(read({ stage: undefined }), DEAL)).toEqual({ outcome: 'unchanged' });
  });

  it('a signed SOW is recorded once', () => {
    expect(planDeal(read({ sowSigned: true }), DEAL)).toEqual({ outcome: 'updated', sowSigned: true });
    expect(planDeal(read({ sowSigned: true }), { ...DEAL, sowSignedAt: 5 })).toEqual({ outcome: 'unchanged' });
  });

  it('an item with a problem plans nothing', () => {
    const problem = { itemId: '1234567890', field: 'stage' as const, column: 'status', code: 'unknown-label' as const, message: 'm', fix: 'f' };
    expect(planDeal(read({ company: 'Changed' }, [problem]), DEAL)).toEqual({ outcome: 'problems' });
    expect(planDeal(read({}, [problem]), undefined)).toEqual({ outcome: 'problems' });
  });

  it('a written commitment takes no expected date, so a date left on the board plans nothing', () => {
    const written: Deal = { ...DEAL, commitment: { type: 'written', loggedAt: 1 } };
    expect(planDeal(read({ commitment: { type: 'written', sowExpected: '2026-12-01' } }), written)).toEqual({ outcome: 'unchanged' });
    expect(planDeal(read({ commitment: { type: 'written', sowExpected: '2026-12-01' } }), undefined).commit).toEqual({ commitment: 'written' });
  });

  it('Signed with no commitment label is a written commitment, and its signature', () => {
    expect(planDeal(read({ commitment: undefined, sowSigned: true }), { ...DEAL, commitment: undefined })).toEqual({
      outcome: 'updated',
      commit: { commitment: 'written' },
      sowSigned: true,
    });
  });

  it('Written on a deal whose handoff started on the verbal word is the SOW signature; Verbal on a signed SOW is nothing', () => {
    expect(planDeal(read({ commitment: { type: 'written' } }), DEAL, { handoff: true })).toEqual({ outcome: 'updated', sowSigned: true });
    expect(planDeal(read({ commitment: { type: 'written' } }), { ...DEAL, sowSignedAt: 5 }, { handoff: true })).toEqual({ outcome: 'unchanged' });
    expect(planDeal(read({ commitment: { type: 'verbal', sowExpected: '2026-12-09' } }), { ...DEAL, sowSignedAt: 5 })).toEqual({ outcome: 'unchanged' });
  });
});
