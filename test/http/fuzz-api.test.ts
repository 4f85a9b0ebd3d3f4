import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anyText, tally, wellFormed } from '../support/fuzz.js';
import { pgUrlWithSchema } from '../support/in-process.js';
import { dropSchema, freshSchemaName, pgUnreachable } from '../support/pg.js';
import { PROSPECTS_BOARD, WEBHOOK_SECRET, closeDeal, openWorld, type Answer, type World } from '../support/http.js';

/**
 * fast-check over every text input of the API (bodies, path parameters, query strings) and
 * of the Slack and monday.com webhooks, in process (`app.request`): never a 500, a refusal
 * lists at most 50 problems, and SQLite and PostgreSQL answer with the same status and
 * name the same fields.
 */

const pgSkip = (await pgUnreachable()) !== undefined && !process.env.CI;
const RUNS = Number(process.env.BATON_FUZZ_API_RUNS ?? 1000);

type Call = (w: World) => Promise<Answer>;
const path = (t: string) => encodeURIComponent(wellFormed(t));

/** Every API call that takes text, with `t` in each text position. */
const CALLS: ((t: string) => Call)[] = [
  (t) => (w) => w.call('POST', '/api/deals/beta', { as: 'cro', body: { company: t } }),
  (t) => (w) => w.call('POST', `/api/deals/${path(t)}`, { as: 'cro', body: { company: 'Acme' } }),
  (t) => (w) => w.call('POST', '/api/deals/acme', { as: 'cro', body: { company: 'Acme Analytics', contact: { name: t } } }),
  (t) => (w) => w.call('POST', '/api/deals/acme', { as: 'cro', body: { company: 'Acme Analytics', contact: { title: t } } }),
  (t) => (w) => w.call('POST', '/api/deals/acme', { as: 'cro', body: { company: 'Acme Analytics', contact: { email: t } } }),
  (t) => (w) => w.call('POST', '/api/deals/acme', { as: 'cro', body: { company: 'Acme Analytics', contact: { phone: t } } }),
  (t) => (w) => w.call('POST', '/api/deals/acme', { as: 'cro', body: { company: 'Acme Analytics', origin: t } }),
  (t) => (w) => w.call('POST', '/api/deals/acme', { as: 'cro', body: { company: 'Acme Analytics', briefing: t } }),
  (t) => (w) => w.call('POST', '/api/deals/acme', { as: 'cro', body: { company: 'Acme Analytics', briefing: { delivered: true, response: t } } }),
  (t) => (w) => w.call('POST', '/api/deals/acme/notes', { as: 'cro', body: { text: t } }),
  (t) => (w) => w.call('POST', '/api/deals/acme/stage', { as: 'cro', body: { stage: t } }),
  (t) => (w) => w.call('POST', '/api/deals/acme/commit', { as: 'cro', body: { type: t } }),
  (t) => (w) => w.call('POST', '/api/deals/acme/commit', { as: 'cro', body: { type: 'verbal', sowExpected: t } }),
  (t) => (w) => w.call('POST', '/api/deals/acme/packet', { as: 'cro', body: { text: t } }),
  (t) => (w) => w.raw('POST', '/api/deals/acme/packet', t, { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'text/plain; charset=utf-8' }),
  (t) => (w) => w.raw('POST', '/api/deals/acme/notes', t, { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }),
  (t) => (w) => w.call('GET', `/api/status/${path(t)}`, { as: 'cro' }),
  (t) => (w) => w.call('GET', `/api/deals/${path(t)}/timeline`, { as: 'cro' }),
  (t) => (w) => w.call('GET', `/api/deals/${path(t)}/packet/draft`, { as: 'cro' }),
  (t) => (w) => w.call('POST', `/api/deals/${path(t)}/ack`, { as: 'customer.success' }),
  (t) => (w) => w.call('POST', `/api/agents/${path(t)}/heartbeat`, { as: 'customer.success' }),
  (t) => (w) => w.call('POST', `/api/messages/${path(t)}/retry`, { as: 'chief.staff' }),
  (t) => (w) => w.call('GET', `/api/summary?date=${path(t)}`, { as: 'chief.staff' }),
  (t) => (w) => w.slack('/slack/commands', { command: '/baton', text: t, user_id: 'U0CS' }),
  (t) => (w) => w.slack('/slack/interactions', { payload: JSON.stringify({ type: 'block_actions', user: { id: 'U0CS' }, actions: [{ action_id: 'baton_ack', value: t }] }) }),
  (t) => (w) => w.slack('/slack/interactions', { payload: t }),
  (t) => (w) =>
    w.call('POST', `/webhooks/monday/${WEBHOOK_SECRET}`, {
      body: { event: { boardId: PROSPECTS_BOARD, pulseId: 4242, pulseName: t, columnId: 'status', value: { label: { text: 'Negotiation' } }, triggerUuid: `uuid-${counter++}` } },
    }),
  (t) => (w) =>
    w.call('POST', `/webhooks/monday/${WEBHOOK_SECRET}`, {
      body: { event: { boardId: PROSPECTS_BOARD, pulseId: 4243, pulseName: 'Globex', columnId: 'status', value: { label: { text: t } }, triggerUuid: `uuid-${counter++}` } },
    }),
  (t) => (w) =>
    w.call('POST', `/webhooks/monday/${WEBHOOK_SECRET}`, {
      body: { event: { boardId: PROSPECTS_BOARD, pulseId: 4244, pulseName: 'Initech', columnId: t, value: { label: { text: 'Qualified' } }, triggerUuid: t } },
    }),
  (t) => (w) =>
    w.call('POST', `/webhooks/monday/${WEBHOOK_SECRET}`, {
      body: { event: { boardId: PROSPECTS_BOARD, pulseId: t, pulseName: 'Hooli', value: { label: { text: 'Qualified' } }, subscriptionId: t, changedAt: counter++ } },
    }),
];
const TOKEN = 'tok-cro-0123456789';
let counter = 0;

const call = fc.tuple(fc.nat({ max: CALLS.length - 1 }), anyText).map(([i, t]) => ({ i, t, call: (CALLS[i] as (t: string) => Call)(t) }));

const fieldsOf = (a: Answer): string[] => (Array.isArray(a.json?.problems) ? a.json.problems.map((p: any) => p.field) : []);

describe.skipIf(pgSkip)('every text input of the API and the webhooks, on SQLite and PostgreSQL (fast-check)', () => {
  let sqlite: World;
  let postgres: World;
  const schema = freshSchemaName();
  beforeAll(async () => {
    sqlite = await openWorld();
    postgres = await openWorld({ BATON_DATABASE_URL: pgUrlWithSchema(schema) });
    for (const w of [sqlite, postgres]) await closeDeal(w, 'acme');
  });
  afterAll(async () => {
    await sqlite?.close();
    await postgres?.close();
    await dropSchema(schema);
  });

  it(`${RUNS} inputs: never a 500, at most 50 problems, the same status and fields on both stores`, { timeout: 600_000 }, async () => {
    const t = tally();
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(call, async ({ i, t: text, call: c }) => {
        // One trigger id for both stores: the same input.
        const at = counter;
        const a = await c(sqlite);
        counter = at;
        const b = await c(postgres);
        const what = `call #${i} with ${JSON.stringify(text).slice(0, 200)}\nsqlite ${a.status} ${String(JSON.stringify(a.json)).slice(0, 800)}\npostgres ${b.status} ${String(JSON.stringify(b.json)).slice(0, 800)}`;
        for (const answer of [a, b]) {
          expect(answer.status, what).toBeLessThan(500);
          expect(fieldsOf(answer).length, what).toBeLessThanOrEqual(50);
          expect(JSON.stringify(answer.json ?? '').length, what).toBeLessThan(200_000);
        }
        expect(b.status, what).toBe(a.status);
        expect(fieldsOf(b), what).toEqual(fieldsOf(a));
        t.add(a.status);
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    for (const w of [sqlite, postgres]) expect(w.logs.filter((l) => /unexpected error/.test(l))).toEqual([]);
    console.log(`fuzz-api: ${t.runs} inputs x 2 stores in ${Date.now() - started} ms; statuses ${JSON.stringify(t.byOutcome)}`);
  });
});
