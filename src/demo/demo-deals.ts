import { DAY, HOUR, MINUTE } from '../domain/durations.js';
import { DeliveryError, type Sink } from '../adapters/sink.js';
import type { Command } from '../domain/commands.js';
import { draftPacket } from '../domain/packet/draft.js';
import { localDate } from '../domain/time.js';
import type { Actor } from '../domain/types.js';
import type { Engine } from '../engine/engine.js';
import { heartbeat, run as runCommand } from '../app/index.js';
import { tick } from '../engine/tick.js';
import { loadDeal } from '../store/index.js';

/**
 * The sample deals `npm start` loads into an empty store, so that the dashboard has
 * something to show: the shape of `npm run demo`, but in-process through the engine, with
 * time moved backwards from now so that every clock stands where the story says.
 *
 * - `globex`: closed 1 h 40 min ago, packet not filed (its clock is due soon);
 * - `initech`: packet filed yesterday, never acknowledged (overdue, escalated to chief.staff
 *   and then to the ceo);
 * - `northwind`: verbal commitment, packet filed an hour late, SOW signed, in delivery;
 * - `umbrella`: its #exec-checkins announcement failed (a Retry button on its page);
 * - `stark`: delivered last month, for the health report's history.
 */

export const DEMO_DEAL_IDS = ['globex', 'initech', 'northwind', 'umbrella', 'stark'] as const;

const CONTACTS: Record<(typeof DEMO_DEAL_IDS)[number], { company: string; name: string; title: string; email: string; origin: string }> = {
  globex: { company: 'Globex Corporation', name: 'Hank Scorpio', title: 'CEO', email: 'hank@globex.example', origin: 'Outbound: the partner-sourced revenue teardown' },
  initech: { company: 'Initech', name: 'Bill Lumbergh', title: 'VP Operations', email: 'bill@initech.example', origin: 'Referral from a reseller' },
  northwind: { company: 'Northwind Traders', name: 'Dana Whitfield', title: 'VP Partnerships', email: 'dana@northwind.example', origin: 'Inbound from the partner webinar' },
  umbrella: { company: 'Umbrella Health', name: 'Alice Marcus', title: 'Head of Alliances', email: 'alice@umbrella.example', origin: 'Conference follow-up' },
  stark: { company: 'Stark Industries', name: 'Pepper Potts', title: 'COO', email: 'pepper@stark.example', origin: 'Inbound from the ecosystem benchmark' },
};

/** What the cro writes in place of each `{...}` the draft leaves. */
function fillDraft(draft: string): string {
  return draft
    .split('\n')
    .map((line) => {
      const m = /^([^:{}\n]+): ?(.*)$/.exec(line);
      if (!m || !/\{[\s\S]*\}/.test(m[2] ?? '')) return line;
      if (m[1]?.startsWith('Briefing')) return `${m[1]}: Y — they responded to the co-sell benchmark`;
      return `${m[1]}: ${SAMPLE[m[1] ?? ''] ?? 'None'}`;
    })
    .join('\n');
}

const SAMPLE: Record<string, string> = {
  'Problem statement': 'Partner-sourced pipeline has been flat for three quarters.',
  'What they expect': 'A ranked list of the five partner motions to fix first.',
  'What sold them': 'The co-sell benchmark against their peers.',
  Sensitivities: 'The CFO joins late; keep the readout short.',
  'Ecosystem revenue motion': 'Two resellers, one marketplace listing, no co-sell program.',
  'Any specific scope agreements': 'None',
  'Red flags': 'Tight budget cycle in January.',
  'Follow-on potential': 'A referral to their parent company.',
};

interface Step {
  at: number;
  run: (engine: Engine) => Promise<unknown>;
}

/**
 * Loads the sample deals as of `now`; returns their ids. Every step goes through the engine
 * (one transaction per command) and is followed by a tick at its time, as the CLI does.
 */
export async function loadDemoDeals(engine: Engine, now: number): Promise<string[]> {
  const tz = engine.config.org.timezone;
  const steps: Step[] = [];
  const act = (at: number, id: string, command: Command, actor: Actor = 'cro') => steps.push({ at, run: (e) => runCommand(e, id, command, { now: at, actor }) });
  const open = (id: (typeof DEMO_DEAL_IDS)[number], t0: number, commitment: 'written' | 'verbal', sowExpected?: string) => {
    const c = CONTACTS[id];
    act(t0 - HOUR, id, {
      type: 'deal.add',
      company: c.company,
      contact: { name: c.name, title: c.title, email: c.email },
      origin: c.origin,
      briefing: { delivered: true, response: 'the co-sell benchmark' },
    });
    act(t0 - 50 * MINUTE, id, { type: 'deal.note', text: `${localDate(t0 - 6 * DAY, tz)} discovery call: partner-sourced pipeline is flat` });
    act(t0, id, { type: 'deal.commit', commitment, ...(sowExpected ? { sowExpected } : {}) });
    act(t0, id, { type: 'deal.stage', stage: 'Closed-won' });
  };
  const file = (at: number, id: string) =>
    steps.push({
      at,
      run: async (e) => {
        const state = (await loadDeal(e.store.db, id))?.state;
        if (!state) throw new Error(`demo deal ${id} is missing`);
        const text = fillDraft(draftPacket(state, { policy: e.config.policy, timezone: tz }));
        return runCommand(e, id, { type: 'packet.file', text }, { now: at, actor: 'cro' });
      },
    });
  const beat = (at: number) => steps.push({ at, run: (e) => heartbeat(e, 'customer.success', { now: at, actor: 'customer.success' }) });

  // stark: delivered last month.
  const stark = now - 35 * DAY;
  open('stark', stark, 'written');
  file(stark + 70 * MINUTE, 'stark');
  act(stark + 20 * HOUR, 'stark', { type: 'ack' }, 'customer.success');
  beat(stark + DAY);
  act(stark + DAY + MINUTE, 'stark', { type: 'delivery.start' }, 'customer.success');
  act(stark + 27 * DAY, 'stark', { type: 'delivery.done' }, 'customer.success');

  // northwind: verbal, the packet an hour late, SOW signed two days after close, in delivery.
  const northwind = now - 6 * DAY;
  open('northwind', northwind, 'verbal', localDate(northwind + 2 * DAY, tz));
  steps.push({ at: northwind + 2 * HOUR + MINUTE, run: (e) => tick(e, northwind + 2 * HOUR + MINUTE) });
  file(northwind + 3 * HOUR, 'northwind');
  act(northwind + 18 * HOUR, 'northwind', { type: 'sow.sent' });
  act(northwind + 22 * HOUR, 'northwind', { type: 'ack' }, 'customer.success');
  act(northwind + 46 * HOUR, 'northwind', { type: 'sow.signed' });
  beat(northwind + 47 * HOUR);
  act(northwind + 47 * HOUR + MINUTE, 'northwind', { type: 'delivery.start' }, 'customer.success');

  // initech: filed yesterday, never acknowledged: escalated to chief.staff, then to the ceo.
  const initech = now - 30 * HOUR;
  open('initech', initech, 'written');
  file(initech + 90 * MINUTE, 'initech');

  // umbrella: the announcement to #exec-checkins fails (see failingAnnouncement).
  const umbrella = now - 3 * HOUR;
  open('umbrella', umbrella, 'written');
  file(umbrella + 30 * MINUTE, 'umbrella');

  // globex: closed 1 h 40 min ago, packet due in 20 minutes.
  open('globex', now - 100 * MINUTE, 'written');

  beat(now - 5 * MINUTE);

  const demo: Engine = { ...engine, sinks: { ...engine.sinks, slack: failingAnnouncement(engine.sinks.slack, 'umbrella') } };
  steps.sort((a, b) => a.at - b.at);
  for (const step of steps) {
    await step.run(demo);
    await tick(demo, step.at);
  }
  await tick(demo, now);
  return [...DEMO_DEAL_IDS];
}

/** The one failure of the story: the channel refuses one deal's announcement, for good. */
function failingAnnouncement(slack: Sink, dealId: string): Sink {
  return {
    ...(slack.marksInFlight !== undefined ? { marksInFlight: slack.marksInFlight } : {}),
    async send(message, at) {
      if (message.dealId === dealId && message.kind === 'announcement') {
        throw new DeliveryError('channel_not_found (demo: the channel refused this post; Retry sends it again)', false, undefined, false);
      }
      return slack.send(message, at);
    },
  };
}
