import { afterAll, describe, expect, it } from 'vitest';
import {
  DAY,
  HOUR,
  SCENARIO_TIMEOUT,
  closeVerbalDeal,
  countByKindAndRecipient,
  fileDraft,
  initWorkspace,
  iso,
  removeTempFolders,
  type Baton,
  type MessageJson,
} from '../support/e2e.js';

afterAll(removeTempFolders);

const T0 = Date.parse('2026-05-18T10:00:00.000Z');
const FILED = T0 + 3 * HOUR;

/** Ticks `times` times at `now`, one after the other; `--now` instead of BATON_NOW with `flag`. */
async function tickTimes(baton: Baton, now: number, times: number, how: 'env' | 'flag' = 'env'): Promise<void> {
  for (let i = 0; i < times; i++) {
    if (how === 'env') await baton.tick(now);
    else await baton.ok(['tick', '--now', iso(now)]);
  }
}

function expectEachOnce(messages: readonly MessageJson[]): void {
  const counts = countByKindAndRecipient(messages);
  for (const [key, count] of Object.entries(counts)) expect(count, `${key} was sent ${count} times`).toBe(1);
  const keys = messages.map((m) => m.key).filter((k): k is string => k !== undefined);
  expect(new Set(keys).size, `duplicate message keys: ${keys.join(', ')}`).toBe(keys.length);
}

const toRole = (messages: readonly MessageJson[], role: string) => messages.filter((m) => m.to === role);

describe.concurrent('each clock fires once, however often tick runs', { timeout: SCENARIO_TIMEOUT }, () => {
  it('SOP-3a SOP-4.5a SOP-4.5c SOP-5a SOP-5b tick 5 times at once, again at later times, and with --now moving backwards: each message once', async () => {
    const baton = await initWorkspace(T0 - 2 * HOUR);
    await closeVerbalDeal(baton, { id: 'acme', company: 'Acme Analytics', t0: T0 });

    // Five ticks at the same time: one packet miss.
    await tickTimes(baton, T0 + 2 * HOUR + 1, 5);
    let messages = await baton.messages(T0 + 2 * HOUR + 1);
    expect(toRole(messages, 'cro')).toHaveLength(1);
    expectEachOnce(messages);

    await fileDraft(baton, 'acme', FILED);
    // Later times, twice each: the sow-send miss, the acknowledgement miss (chief.staff),
    // the ceo escalation, the SOW alert.
    for (const at of [T0 + 24 * HOUR + 1, FILED + 24 * HOUR + 1, FILED + 28 * HOUR + 1, T0 + 48 * HOUR + 1]) await tickTimes(baton, at, 2);
    const firedAt = T0 + 48 * HOUR + 1;
    messages = await baton.messages(firedAt);
    expect(toRole(messages, 'cro'), 'packet miss, sow-send miss, SOW alert').toHaveLength(3);
    expect(toRole(messages, 'chief.staff')).toHaveLength(1);
    expect(toRole(messages, 'ceo')).toHaveLength(1);
    expect(toRole(messages, '#exec-checkins')).toHaveLength(1);
    expectEachOnce(messages);
    const [status, timeline] = await Promise.all([baton.status(firedAt), baton.timeline('acme', firedAt)]);

    // --now moving backwards: between the deadlines, before T0, before the first deadline.
    for (const back of [T0 + 30 * HOUR, T0 - DAY, T0 + 2 * HOUR - 1]) await tickTimes(baton, back, 1, 'flag');
    // And much later, five times.
    await tickTimes(baton, T0 + 60 * DAY, 5, 'flag');

    const end = T0 + 60 * DAY;
    const [messagesAfter, statusAfter, timelineAfter] = await Promise.all([baton.messages(end), baton.status(end), baton.timeline('acme', end)]);
    expect(messagesAfter, 'later ticks sent or changed messages').toEqual(messages);
    expect(statusAfter, 'later ticks changed a clock').toEqual(status);
    expect(timelineAfter, 'later ticks added events').toEqual(timeline);
  });

  it('SOP-3a SOP-4.5a SOP-4.5c one late tick fires every due clock of a never-filed deal once; more ticks change nothing', async () => {
    const baton = await initWorkspace(T0 - 2 * HOUR);
    await closeVerbalDeal(baton, { id: 'late', company: 'Latecomer Ltd', t0: T0 });
    const now = T0 + 10 * DAY;
    await baton.tick(now);
    const once = await baton.messages(now);
    await tickTimes(baton, now, 2);
    const messages = await baton.messages(now);
    expect(messages).toEqual(once);
    expectEachOnce(messages);
    expect(toRole(messages, 'cro'), 'packet miss, sow-send miss, SOW alert').toHaveLength(3);
    const h = await baton.handoff('late', now);
    for (const name of ['packet', 'sow-send', 'sow-signature']) {
      expect(h.clocks.find((c) => c.name === name)?.state, name).toBe('overdue');
    }
  });

  it('SOP-3a five ticks at the same moment, run concurrently, fire the packet miss once', async () => {
    const baton = await initWorkspace(T0 - 2 * HOUR);
    await closeVerbalDeal(baton, { id: 'race', company: 'Racing Co', t0: T0 });
    const now = T0 + 2 * HOUR + 1;
    const results = await Promise.all(Array.from({ length: 5 }, () => baton.run(['tick'], now)));
    expect(
      results.map((r) => r.code),
      results.map((r) => r.stderr).join('\n'),
    ).toEqual([0, 0, 0, 0, 0]);
    const messages = await baton.messages(now);
    expect(toRole(messages, 'cro')).toHaveLength(1);
    expectEachOnce(messages);
  });
});
