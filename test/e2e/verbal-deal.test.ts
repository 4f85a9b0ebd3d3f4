import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Baton,
  CONTACT,
  DAY,
  HOUR,
  MINUTE,
  SCENARIO_TIMEOUT,
  fieldValue,
  fillPacket,
  initWorkspace,
  iso,
  newMessages,
  removeTempFolders,
  type HandoffJson,
  type MessageJson,
} from '../support/e2e.js';

/**
 * A verbal-commitment deal, step by step, from the board update to delivery done, through
 * every clock the SOP sets: each `it` is one step and relies on the ones before it.
 */

const ID = 'acme';
const COMPANY = 'Acme Analytics';
const T0 = Date.parse('2026-05-04T10:00:00.000Z'); // Closed-won, with the verbal commitment logged before
const FILED = T0 + 2 * HOUR + 30 * MINUTE; // the packet is filed 30 min late
const SOW_EXPECTED = '2026-05-08';
const PACKET_PATH = 'operations/handoffs/assessment-acme-analytics-2026-05-04.md';
const SIGNED = T0 + 49 * HOUR + 5 * MINUTE; // 2026-05-06 11:05 UTC

/** The SOP section 3 template: every line's label (or the whole line), in order. */
const SOP_SKELETON = [
  'ASSESSMENT™ HANDOFF PACKET',
  '──────────────────────────────────────────',
  'Customer company:',
  'Primary contact:',
  'Deal close date:',
  'SOW status:',
  'Assessment™ price:',
  'Committed delivery window:',
  '',
  'CONTEXT FOR DELIVERY:',
  'Problem statement:',
  'What they expect:',
  'What sold them:',
  'Sensitivities:',
  'Ecosystem revenue motion:',
  '',
  'SALES CONTEXT:',
  'Outreach origin:',
  'Conversation history:',
  'Briefing™ delivered:',
  '',
  'DELIVERY NOTES:',
  'Any specific scope agreements:',
  'Red flags:',
  'Follow-on potential:',
  '',
  'Filed by:',
  'Acknowledged by:',
];

function skeleton(packet: string): string[] {
  return packet
    .replace(/\n+$/, '')
    .split('\n')
    .map((line) => {
      const m = /^([^:]+:)/.exec(line);
      return m ? (m[1] ?? '') : line.trim();
    });
}

function clock(h: HandoffJson, name: string) {
  const c = h.clocks.find((x) => x.name === name);
  expect(c, `no clock "${name}" in ${JSON.stringify(h.clocks)}`).toBeDefined();
  return c!;
}

function toRole(messages: readonly MessageJson[], role: string): MessageJson[] {
  return messages.filter((m) => m.to === role);
}

/** A DM names the company, the packet path, and what is late (SPEC §5). */
function expectDm(m: MessageJson | undefined, about: RegExp): void {
  expect(m).toBeDefined();
  expect(m!.text).toContain(COMPANY);
  expect(m!.text).toContain(PACKET_PATH);
  expect(m!.text).toMatch(about);
  expect(m!.state).toBe('delivered');
}

let baton: Baton;
let messagesSoFar: MessageJson[] = [];
let filledText = '';
let startTarget = '';

/** Ticks at `now` and returns the messages that tick produced. */
async function tickAndCollect(now: number): Promise<MessageJson[]> {
  await baton.tick(now);
  const all = await baton.messages(now);
  const fresh = newMessages(messagesSoFar, all);
  messagesSoFar = all;
  return fresh;
}

afterAll(removeTempFolders);

describe('a verbal-commitment deal, step by step', { timeout: SCENARIO_TIMEOUT }, () => {
  beforeAll(async () => {
    baton = await initWorkspace(T0 - 2 * HOUR);
  });

  it('SOP-4.1 the board logs the primary contact, the verbal commitment and the expected SOW date', async () => {
    await baton.ok(['deal', 'add', ID, '--company', COMPANY, ...CONTACT, '--contact-phone', '+1 555 0100', '--origin', 'Partner referral'], T0 - 2 * HOUR);
    await baton.ok(['deal', 'commit', ID, '--type', 'verbal', '--sow-expected', SOW_EXPECTED], T0 - HOUR);
    // A commitment alone does not start the handoff.
    const before = await baton.status(T0 - HOUR);
    expect(before.flatMap((h) => h.clocks)).toEqual([]);
  });

  it('SOP-2a SOP-2b Closed-won with the commitment logged is T0: the clocks start', async () => {
    await baton.ok(['deal', 'stage', ID, 'Closed-won'], T0);
    const h = await baton.handoff(ID, T0);
    expect(h.company).toBe(COMPANY);
    expect(h.packetPath).toBe(PACKET_PATH);
    const due = Object.fromEntries(h.clocks.map((c) => [c.name, c.dueAt]));
    expect(due).toEqual({
      packet: iso(T0 + 2 * HOUR),
      announcement: iso(T0 + 2 * HOUR),
      'sow-send': iso(T0 + 24 * HOUR),
      'sow-signature': iso(T0 + 48 * HOUR),
    });
    expect(h.clocks.every((c) => c.state === 'pending')).toBe(true);
  });

  it('SOP-4.5d a verbal commitment does not start the Assessment (delivery) clock', async () => {
    const h = await baton.handoff(ID, T0 + MINUTE);
    expect(h.clocks.map((c) => c.name)).not.toContain('delivery');
  });

  it('SOP-3a the packet clock is not missed 1 ms before T0+2h', async () => {
    messagesSoFar = await baton.messages(T0);
    await tickAndCollect(T0 + 2 * HOUR - 1);
    expect(clock(await baton.handoff(ID, T0 + 2 * HOUR - 1), 'packet').state).toBe('pending');
  });

  it('SOP-3a SOP-4.2a at T0+2h+1ms tick fires the packet miss: a DM to cro', async () => {
    const now = T0 + 2 * HOUR + 1;
    const fresh = await tickAndCollect(now);
    const toCro = toRole(fresh, 'cro');
    expect(toCro).toHaveLength(1);
    expectDm(toCro[0], /packet/i);
    expect(clock(await baton.handoff(ID, now), 'packet').state).toBe('overdue');
  });

  it('SOP-3c SOP-4.1 packet draft pre-fills what the board knows in the SOP layout, with visible placeholders', async () => {
    const draft = (await baton.ok(['packet', 'draft', ID], FILED - MINUTE)).stdout;
    expect(skeleton(draft)).toEqual(SOP_SKELETON);
    expect(fieldValue(draft, 'Customer company')).toBe(COMPANY);
    expect(fieldValue(draft, 'Primary contact')).toBe('Ada Lee, CTO, ada@acme.example, +1 555 0100');
    expect(fieldValue(draft, 'Deal close date')).toBe('2026-05-04');
    expect(fieldValue(draft, 'SOW status')).toBe(`Verbal commitment — signed SOW pending by ${SOW_EXPECTED}`);
    expect(fieldValue(draft, 'Assessment™ price')).toBe('$2,500');
    expect(fieldValue(draft, 'Committed delivery window')).toMatch(/^\d{4}-\d{2}-\d{2} start target \/ 30-day max from SOW$/);
    expect(fieldValue(draft, 'Outreach origin')).toBe('Partner referral');
    expect(fieldValue(draft, 'Problem statement')).toMatch(/^\{.+\}$/);
    expect(fieldValue(draft, 'Filed by')).toBe('');
    startTarget = (fieldValue(draft, 'Committed delivery window') ?? '').slice(0, 10);

    filledText = fillPacket(draft);
    expect(filledText).not.toMatch(/\{[^{}]*\}/);
  });

  it('SOP-3b SOP-3f SOP-4.2a packet file writes the packet at its path and prints the path', async () => {
    // The CRO saves the filled draft as a file and files it by its path.
    writeFileSync(path.join(baton.cwd, 'packet.md'), filledText);
    const res = await baton.ok(['packet', 'file', ID, 'packet.md'], FILED);
    expect(res.stdout.trim()).toBe(PACKET_PATH);
    expect(existsSync(path.join(baton.cwd, PACKET_PATH))).toBe(true);

    const filed = baton.read(PACKET_PATH);
    expect(filed).toMatch(/^Filed by: cro — 2026-05-04\b.*12:30\b.*$/m);
    expect(fieldValue(filed, 'Acknowledged by') ?? '').not.toMatch(/customer\.success/);
  });

  it('SOP-3c the filed packet keeps every field, in the SOP order and layout, as written', async () => {
    const filed = baton.read(PACKET_PATH);
    expect(skeleton(filed)).toEqual(SOP_SKELETON);
    const withoutFiledBy = (text: string) => text.replace(/^Filed by:.*$/m, 'Filed by:').replace(/\n+$/, '');
    expect(withoutFiledBy(filed)).toBe(withoutFiledBy(filledText));
  });

  it('SOP-4.2b a coordination note in sessions/customer.success/ points to the packet path', async () => {
    const dir = path.join(baton.cwd, 'sessions', 'customer.success');
    const notes = readdirSync(dir).map((name) => readFileSync(path.join(dir, name), 'utf8'));
    expect(
      notes.some((text) => text.includes(PACKET_PATH)),
      `notes: ${JSON.stringify(notes)}`,
    ).toBe(true);
  });

  it('SOP-4.3a filing posts the three-line announcement to #exec-checkins, byte for byte', async () => {
    const all = await baton.messages(FILED);
    const fresh = newMessages(messagesSoFar, all);
    messagesSoFar = all;
    const posts = fresh.filter((m) => m.to === '#exec-checkins');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.text).toBe(`🟢 DEAL CLOSED — ${COMPANY} — Assessment™ confirmed\nHandoff packet filed → customer.success\nSOW status: Pending — expected ${SOW_EXPECTED}`);
    expect(posts[0]!.state).toBe('delivered');
    expect(posts[0]!.deliveredAt).toBe(iso(FILED));
  });

  it('SOP-3a SOP-4.3a filing stops the packet and announcement clocks (done late, the miss kept) and starts acknowledgement', async () => {
    const h = await baton.handoff(ID, FILED);
    expect(clock(h, 'packet')).toMatchObject({ state: 'done', doneAt: iso(FILED), dueAt: iso(T0 + 2 * HOUR) });
    expect(clock(h, 'announcement')).toMatchObject({ state: 'done', doneAt: iso(FILED) });
    expect(clock(h, 'acknowledgement')).toMatchObject({ state: 'pending', dueAt: iso(FILED + 24 * HOUR) });
  });

  it('SOP-4.3b summary prints KEY COMPLETIONS TODAY with the deal and files it under sessions/chief.staff/', async () => {
    const res = await baton.ok(['summary'], T0 + 8 * HOUR);
    const lines = res.stdout.split('\n');
    const head = lines.indexOf('KEY COMPLETIONS TODAY');
    expect(head, res.stdout).toBeGreaterThanOrEqual(0);
    expect(lines[head + 1]).toMatch(new RegExp(`^- 🟢 DEAL CLOSED — ${COMPANY} — Assessment™ confirmed`));
    expect(res.stdout).toContain('NEEDS ATTENTION');
    const dir = path.join(baton.cwd, 'sessions', 'chief.staff');
    const files = readdirSync(dir).map((name) => readFileSync(path.join(dir, name), 'utf8'));
    expect(files).toContain(res.stdout);
  });

  it('SOP-4.5a the sow-send miss at T0+24h: a DM to cro', async () => {
    const now = T0 + 24 * HOUR + 1;
    const fresh = await tickAndCollect(now);
    const toCro = toRole(fresh, 'cro');
    expect(toCro).toHaveLength(1);
    expectDm(toCro[0], /SOW/);
    expect(clock(await baton.handoff(ID, now), 'sow-send').state).toBe('overdue');
  });

  it('SOP-3g SOP-4.4a SOP-5a the acknowledgement miss at filing+24h: a DM to chief.staff saying whether customer.success is live', async () => {
    const now = FILED + 24 * HOUR + 1;
    const fresh = await tickAndCollect(now);
    const toChief = toRole(fresh, 'chief.staff');
    expect(toChief).toHaveLength(1);
    expectDm(toChief[0], /acknowledg/i);
    expect(toChief[0]!.text).toMatch(/live/i);
    expect(toRole(fresh, 'ceo')).toHaveLength(0);
    expect(clock(await baton.handoff(ID, now), 'acknowledgement').state).toBe('overdue');
  });

  it('SOP-5b no ceo escalation before the 4 h grace period has passed', async () => {
    const fresh = await tickAndCollect(FILED + 28 * HOUR - 1);
    expect(toRole(fresh, 'ceo')).toHaveLength(0);
  });

  it('SOP-5b still unacknowledged 4 h later: a DM to the ceo asking for manual customer.success activation', async () => {
    const fresh = await tickAndCollect(FILED + 28 * HOUR + 1);
    const toCeo = toRole(fresh, 'ceo');
    expect(toCeo).toHaveLength(1);
    expectDm(toCeo[0], /activat/i);
    expect(toCeo[0]!.text).toContain('customer.success');
  });

  it('SOP-4.5c the SOW alert at T0+48h: customer.success alerts cro by DM', async () => {
    const now = T0 + 48 * HOUR + 1;
    const fresh = await tickAndCollect(now);
    const toCro = toRole(fresh, 'cro');
    expect(toCro).toHaveLength(1);
    expectDm(toCro[0], /SOW/);
    expect(clock(await baton.handoff(ID, now), 'sow-signature').state).toBe('overdue');
  });

  it('SOP-4.5b SOP-5c delivery start before acknowledgement, signature and heartbeat is refused, naming all three', async () => {
    const before = await baton.messages(SIGNED - 5 * MINUTE);
    const res = await baton.invalid(['delivery', 'start', ID], SIGNED - 5 * MINUTE);
    expect(res.stderr).toMatch(/acknowledg/i);
    expect(res.stderr).toMatch(/SOW/);
    expect(res.stderr).toMatch(/live/i);
    expect(await baton.messages(SIGNED - 5 * MINUTE)).toEqual(before);
  });

  it('SOP-4.5d sow signed stops both SOW clocks and starts the 30-day delivery clock at the signature', async () => {
    await baton.ok(['sow', 'signed', ID], SIGNED);
    const h = await baton.handoff(ID, SIGNED);
    expect(clock(h, 'sow-signature')).toMatchObject({ state: 'done', doneAt: iso(SIGNED) });
    expect(clock(h, 'sow-send').state).toBe('done');
    expect(clock(h, 'delivery')).toMatchObject({ state: 'pending', dueAt: iso(SIGNED + 30 * DAY) });
  });

  it('SOP-4.4a delivery start before acknowledgement is refused, naming the acknowledgement and the live agent', async () => {
    const res = await baton.invalid(['delivery', 'start', ID], SIGNED + 5 * MINUTE);
    expect(res.stderr).toMatch(/acknowledg/i);
    expect(res.stderr).toMatch(/live/i);
    expect(res.stderr).not.toMatch(/not signed|unsigned/i);
  });

  it('SOP-3g SOP-4.4a ack --as customer.success signs Acknowledged by in the packet', async () => {
    const now = SIGNED + 10 * MINUTE; // 2026-05-06 11:15 UTC
    await baton.ok(['ack', ID, '--as', 'customer.success'], now);
    const filed = baton.read(PACKET_PATH);
    expect(filed).toMatch(/^Acknowledged by: customer\.success — 2026-05-06\b.*11:15\b.*$/m);
    expect(filed).toMatch(/^Filed by: cro — 2026-05-04\b.*12:30\b.*$/m);
    expect(clock(await baton.handoff(ID, now), 'acknowledgement')).toMatchObject({ state: 'done', doneAt: iso(now) });
  });

  it('SOP-4.4a acknowledging twice changes nothing', async () => {
    const now = SIGNED + 12 * MINUTE;
    const packet = baton.read(PACKET_PATH);
    const [statusBefore, messagesBefore] = await Promise.all([baton.status(now), baton.messages(now)]);
    await baton.ok(['ack', ID, '--as', 'customer.success'], now);
    expect(baton.read(PACKET_PATH)).toBe(packet);
    const [statusAfter, messagesAfter] = await Promise.all([baton.status(now), baton.messages(now)]);
    expect(statusAfter).toEqual(statusBefore);
    expect(messagesAfter).toEqual(messagesBefore);
  });

  it('SOP-4.4b SOP-3e the delivery item: customer, committed window, milestones within 30 days of the SOW, owner customer.success', async () => {
    const h = await baton.handoff(ID, SIGNED + 11 * MINUTE);
    const item = h.deliveryItem;
    expect(item, JSON.stringify(h)).toBeDefined();
    const maxDate = '2026-06-05'; // SOW signed 2026-05-06 + 30 days
    expect(item!.name).toBe(`Assessment™ — ${COMPANY}`);
    expect(item!.owner).toBe('customer.success');
    expect(item!.windowStart).toBe(startTarget);
    expect(item!.windowEnd <= maxDate, `window end ${item!.windowEnd}`).toBe(true);
    expect(item!.milestones.map((m) => m.name)).toEqual(['Kickoff', 'Discovery complete', 'Findings draft', 'Readout']);
    const [kickoff, discovery, findings, readout] = item!.milestones.map((m) => m.date);
    expect([kickoff, discovery, findings]).toEqual(['2026-05-08', '2026-05-18', '2026-05-29']);
    expect(readout! <= maxDate, `Readout ${readout} is past the 30-day maximum ${maxDate}`).toBe(true);
  });

  it('SOP-5c delivery start without a live customer.success agent is refused, naming the agent only', async () => {
    const res = await baton.invalid(['delivery', 'start', ID], SIGNED + 15 * MINUTE);
    expect(res.stderr).toMatch(/live/i);
    expect(res.stderr).not.toMatch(/not acknowledged|not signed|unsigned/i);
  });

  it('SOP-4.5b SOP-5c with a heartbeat from customer.success, delivery starts; then it is done', async () => {
    await baton.ok(['agent', 'heartbeat', 'customer.success'], SIGNED + 20 * MINUTE);
    await baton.ok(['delivery', 'start', ID], SIGNED + 25 * MINUTE);
    await baton.ok(['delivery', 'done', ID], SIGNED + 20 * DAY);
    const h = await baton.handoff(ID, SIGNED + 20 * DAY);
    expect(clock(h, 'delivery')).toMatchObject({ state: 'done', doneAt: iso(SIGNED + 20 * DAY) });
  });

  it('SOP-4.3b the summary for the day of the announcement lists the deal as it was that day, the same text whenever it is run', async () => {
    const res = await baton.ok(['summary', '--date', '2026-05-04'], SIGNED + 20 * DAY);
    expect(res.stdout).toMatch(new RegExp(`^KEY COMPLETIONS TODAY\\n- 🟢 DEAL CLOSED — ${COMPANY} — Assessment™ confirmed \\(SOW: Pending — expected [0-9-]{10}\\)$`, 'm'));
    expect((await baton.ok(['summary', '--date', '2026-05-04'], Date.parse('2026-05-05T12:00:00Z'))).stdout).toBe(res.stdout);
    expect((await baton.ok(['summary', '--date', '2026-05-04'], Date.parse('2026-05-07T12:00:00Z'))).stdout).toBe(res.stdout);
    const filed = readdirSync(path.join(baton.cwd, 'sessions', 'chief.staff')).map((name) => readFileSync(path.join(baton.cwd, 'sessions', 'chief.staff', name), 'utf8'));
    expect(filed).toContain(res.stdout);
  });
});
