import type { Command, DecideContext, Decision } from './commands.js';
import { COMMITMENT_TYPES } from './commands.js';
import type { DomainEvent, EventBody } from './events.js';
import { isDealId } from './deal-id.js';
import { evolveAll } from './evolve.js';
import { refuse, refuseAll } from './refuse.js';
import { parseStage } from './stages.js';
import { isIsoDate } from './time.js';
import { triggerEvents } from './trigger.js';
import { STAGES, type CommitmentType, type Contact, type DealState, type Problem } from './types.js';
import { isEmail } from './validate-input.js';

type Of<T extends Command['type']> = Extract<Command, { type: T }>;

const ok = (events: DomainEvent[]): Decision => ({ ok: true, events });

function stamp(ctx: DecideContext, bodies: EventBody[]): DomainEvent[] {
  return bodies.map((b) => ({ ...b, at: ctx.now, actor: ctx.actor }));
}

/** SOP-4.1: adding a deal twice with the same details changes nothing; new details update it. */
export function decideDealAdd(state: DealState | undefined, cmd: Of<'deal.add'>, ctx: DecideContext): Decision {
  const problems = dealInputProblems(ctx.dealId, cmd);
  if (problems.length > 0) return refuseAll(problems);
  const contact = dropEmpty(cmd.contact);
  if (!state) {
    const deal = {
      id: ctx.dealId,
      company: cmd.company.trim(),
      contact,
      stage: 'lead' as const,
      owner: 'cro' as const,
      notes: [],
      ...(cmd.origin ? { origin: cmd.origin } : {}),
      ...(cmd.briefing ? { briefing: cmd.briefing } : {}),
    };
    return ok(stamp(ctx, [{ type: 'deal.added', deal }]));
  }
  const changes: Extract<EventBody, { type: 'deal.updated' }>['changes'] = {};
  if (cmd.company.trim() !== state.deal.company) changes.company = cmd.company.trim();
  const mergedContact = { ...state.deal.contact, ...contact };
  if (JSON.stringify(mergedContact) !== JSON.stringify(state.deal.contact)) changes.contact = mergedContact;
  if (cmd.origin && cmd.origin !== state.deal.origin) changes.origin = cmd.origin;
  if (cmd.briefing && JSON.stringify(cmd.briefing) !== JSON.stringify(state.deal.briefing)) changes.briefing = cmd.briefing;
  return ok(Object.keys(changes).length === 0 ? [] : stamp(ctx, [{ type: 'deal.updated', changes }]));
}

function dealInputProblems(id: string, cmd: Of<'deal.add'>): Problem[] {
  const problems: Problem[] = [];
  if (!isDealId(id)) {
    problems.push({
      code: 'invalid',
      field: 'id',
      message: `"${id}" is not a usable deal id`,
      fix: 'use 1-64 letters, digits, ".", "_", ":" or "-", starting with a letter or digit',
    });
  }
  if (!cmd.company.trim()) problems.push({ code: 'invalid', field: 'company', message: 'the company name is empty', fix: 'give the company name' });
  if (cmd.contact.email !== undefined && !isEmail(cmd.contact.email)) {
    problems.push({ code: 'invalid', field: 'contact.email', message: `"${cmd.contact.email}" is not an e-mail address`, fix: 'give an address such as name@company.com' });
  }
  return problems;
}

function dropEmpty(contact: Contact): Contact {
  return Object.fromEntries(Object.entries(contact).filter(([, v]) => typeof v === 'string' && v.trim() !== '')) as Contact;
}

/** SOP-2a: the stage change that, with a commitment, triggers the handoff. */
export function decideStage(state: DealState, cmd: Of<'deal.stage'>, ctx: DecideContext): Decision {
  const stage = parseStage(cmd.stage);
  if (!stage) return refuse('stage', `"${cmd.stage}" is not a stage`, `use one of: ${STAGES.join(', ')}`, 'invalid');
  if (stage === state.deal.stage) return ok([]);
  const changed = stamp(ctx, [{ type: 'deal.stage-changed', from: state.deal.stage, to: stage }]);
  return ok(withTrigger(state, changed, ctx));
}

/** SOP-2b and SOP-4.1: the commitment (written SOW or verbal) with the expected SOW date. */
export function decideCommit(state: DealState, cmd: Of<'deal.commit'>, ctx: DecideContext): Decision {
  const type = cmd.commitment.trim().toLowerCase();
  if (!(COMMITMENT_TYPES as readonly string[]).includes(type)) {
    return refuse('commitment', `"${cmd.commitment}" is not a commitment type`, 'use written (SOW signed) or verbal', 'invalid');
  }
  const problems = commitProblems(type as CommitmentType, cmd.sowExpected, state);
  if (problems.length > 0) return refuseAll(problems);
  const current = state.deal.commitment;
  if (current && current.type === type && current.sowExpected === cmd.sowExpected) return ok([]);
  const commitment = { type: type as CommitmentType, loggedAt: ctx.now, ...(type === 'verbal' ? { sowExpected: cmd.sowExpected } : {}) };
  if (current?.type === 'verbal' && type === 'verbal') commitment.loggedAt = current.loggedAt;
  const logged = stamp(ctx, [{ type: 'deal.commitment-logged', commitment }]);
  return ok(withTrigger(state, logged, ctx));
}

function commitProblems(type: CommitmentType, sowExpected: string | undefined, state: DealState): Problem[] {
  const id = state.deal.id;
  const current = state.deal.commitment;
  if (type === 'verbal') {
    if (state.deal.sowSignedAt !== undefined) {
      return [
        {
          code: 'invalid',
          field: 'commitment',
          message: 'the SOW is already signed, so the commitment is written',
          fix: 'nothing to do; a verbal commitment cannot replace a signed SOW',
        },
      ];
    }
    if (sowExpected === undefined) {
      return [
        {
          code: 'invalid',
          field: 'sowExpected',
          message: 'a verbal commitment needs the expected SOW signature date',
          fix: 'give the expected signature date as YYYY-MM-DD',
          next: { command: 'deal.commit', id },
        },
      ];
    }
    if (!isIsoDate(sowExpected)) {
      return [{ code: 'invalid', field: 'sowExpected', message: `"${sowExpected}" is not a date`, fix: 'write the date as YYYY-MM-DD, e.g. 2026-12-01' }];
    }
    return [];
  }
  if (sowExpected !== undefined) {
    return [
      {
        code: 'invalid',
        field: 'sowExpected',
        message: 'a written commitment has a signed SOW, so no expected date applies',
        fix: 'leave the expected date out, or log a verbal commitment',
      },
    ];
  }
  if (current?.type === 'verbal' && state.handoff) {
    return [
      {
        code: 'invalid',
        field: 'commitment',
        message: 'the handoff started on a verbal commitment; its SOW signature is a step of its own',
        fix: 'record the signature',
        next: { command: 'sow.signed', id },
      },
    ];
  }
  return [];
}

export function decideNote(state: DealState, cmd: Of<'deal.note'>, ctx: DecideContext): Decision {
  const text = cmd.text.trim();
  if (!text) return refuse('text', 'the note is empty', 'give the note text, e.g. "2026-11-20 call: agreed scope"', 'required');
  if (state.deal.notes.some((n) => n.text === text)) return ok([]);
  return ok(stamp(ctx, [{ type: 'deal.note-added', note: { at: ctx.now, text } }]));
}

function withTrigger(state: DealState, events: DomainEvent[], ctx: DecideContext): DomainEvent[] {
  const after = evolveAll(state, events) as DealState;
  return [...events, ...triggerEvents(state, after, ctx)];
}
