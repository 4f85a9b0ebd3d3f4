import { afterEach, describe, expect, it } from 'vitest';
import { dropSchema, freshSchemaName, pgUnreachable } from '../support/pg.js';
import { pgUrlWithSchema } from '../support/in-process.js';
import { CONTACT, closeDeal, openWorld, type World } from '../support/http.js';

/** SPEC §17 input bounds through the API: 400, the field and the limit named, on SQLite and PostgreSQL alike. */

const pgSkip = (await pgUnreachable()) !== undefined && !process.env.CI;
const opened: { world: World; schema?: string }[] = [];
afterEach(async () => {
  for (const { world, schema } of opened.splice(0)) {
    await world.close();
    if (schema) await dropSchema(schema);
  }
});

async function worldOn(store: 'sqlite' | 'postgres'): Promise<World> {
  const schema = store === 'postgres' ? freshSchemaName() : undefined;
  const world = await openWorld(schema ? { BATON_DATABASE_URL: pgUrlWithSchema(schema) } : {});
  opened.push({ world, ...(schema ? { schema } : {}) });
  return world;
}

const long = 'x'.repeat(301);
const CASES: { field: string; body: Record<string, unknown>; limit: string }[] = [
  { field: 'company', body: { company: long }, limit: '300' },
  { field: 'contact.name', body: { company: 'Acme', contact: { name: long } }, limit: '300' },
  { field: 'contact.title', body: { company: 'Acme', contact: { title: long } }, limit: '300' },
  { field: 'contact.email', body: { company: 'Acme', contact: { email: `${'a'.repeat(300)}@acme.example` } }, limit: '300' },
  { field: 'contact.phone', body: { company: 'Acme', contact: { phone: '5'.repeat(301) } }, limit: '300' },
  { field: 'origin', body: { company: 'Acme', origin: long }, limit: '300' },
  { field: 'company', body: { company: 'Acme\u0000Corp' }, limit: 'U+0000 NUL' },
  { field: 'contact.name', body: { company: 'Acme', contact: { name: 'Ada\u001b[2JLee' } }, limit: 'control character' },
  { field: 'company', body: { company: 'Acme\ud800' }, limit: 'unpaired surrogate' },
];

describe.each(pgSkip ? (['sqlite'] as const) : (['sqlite', 'postgres'] as const))('the API on %s', (store) => {
  it('each deal field over its limit or holding a control character is 400 naming it; nothing is stored', async () => {
    const world = await worldOn(store);
    for (const c of CASES) {
      const res = await world.call('POST', '/api/deals/acme', { as: 'cro', body: c.body });
      expect(res.status, `${c.field}: ${JSON.stringify(res.json)}`).toBe(400);
      expect(res.json.problems.map((p: any) => p.field)).toContain(c.field);
      expect(res.json.message).toContain(c.limit);
    }
    expect(await world.ok('GET', '/api/status', { as: 'cro' })).toEqual([]);
  });

  it('a note over 10,000 characters, and a packet over 10,000 lines, are 400 naming text and packet', async () => {
    const world = await worldOn(store);
    await closeDeal(world, 'acme');
    const note = await world.call('POST', '/api/deals/acme/notes', { as: 'cro', body: { text: 'n'.repeat(10_001) } });
    expect(note.status).toBe(400);
    expect(note.json.problems[0]).toMatchObject({ field: 'text', code: 'too-long' });
    expect(note.json.message).toContain('10,000');
    const nul = await world.call('POST', '/api/deals/acme/notes', { as: 'cro', body: { text: 'a\u0000b' } });
    expect(nul.status).toBe(400);
    expect(nul.json.problems[0]).toMatchObject({ field: 'text', code: 'control-character' });

    const packet = await world.call('POST', '/api/deals/acme/packet', { as: 'cro', body: 'line\n'.repeat(10_001) });
    expect(packet.status).toBe(400);
    expect(packet.json.problems[0]).toMatchObject({ field: 'packet', code: 'too-long' });
    expect(packet.json.message).toContain('10,000');
    const timeline = await world.ok('GET', '/api/deals/acme/timeline', { as: 'cro' });
    expect(timeline.map((e: any) => e.type)).not.toContain('deal.note-added');
  });

  it('an id with NUL is a plain 404 on every store, not a database error', async () => {
    const world = await worldOn(store);
    await world.call('POST', '/api/deals/acme', { as: 'cro', body: { company: 'Acme', contact: CONTACT } });
    for (const path of ['/api/status/a%00b', '/api/deals/a%00b/timeline']) {
      expect((await world.call('GET', path, { as: 'cro' })).status, path).toBe(404);
    }
    expect((await world.call('POST', '/api/deals/a%00b/stage', { as: 'cro', body: { stage: 'lead' } })).status).toBe(404);
    expect((await world.call('POST', '/api/deals/a%00b', { as: 'cro', body: { company: 'Acme' } })).status).toBe(400);
  });

  it('an unknown id of 100,000 characters is a short 404: the id is echoed at most 64 characters long, with no deal.add offer', async () => {
    const world = await worldOn(store);
    const id = encodeURIComponent('\u0004\b'.repeat(50_000));
    for (const path of [`/api/deals/${id}/packet/draft`, `/api/status/${id}`, `/api/deals/${id}/timeline`]) {
      const answer = await world.call('GET', path, { as: 'cro' });
      expect(answer.status, path).toBe(404);
      expect(JSON.stringify(answer.json).length, path).toBeLessThan(1_000);
      expect(answer.json.problems[0].next, path).toBeUndefined();
    }
    const plain = await world.call('GET', '/api/status/nobody', { as: 'cro' });
    expect(plain.json.problems[0]).toMatchObject({ field: 'id', message: 'no deal with id "nobody"', next: { command: 'deal.add', id: 'nobody' } });
  });
});
