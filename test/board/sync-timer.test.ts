import { afterEach, describe, expect, it } from 'vitest';
import { boardSyncTimer } from '../../src/server/board-sync-timer.js';
import { openWorld } from '../support/http.js';
import { openBoardWorld, orgEvents, type BoardWorld } from '../support/board.js';

/** `baton serve`'s board sync: at start, by the one process that claims the period; off without monday.com. */

let worlds: BoardWorld[] = [];
afterEach(async () => {
  for (const w of worlds.reverse()) await w.close();
  worlds = [];
});

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > 15_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("the serve loop's board sync", () => {
  it('three serve processes on one store: one syncs the period, the others skip it', async () => {
    const first = await openBoardWorld();
    worlds.push(first);
    const others = [await openBoardWorld({ fake: first.fake, dir: first.dir }), await openBoardWorld({ fake: first.fake, dir: first.dir })];
    worlds.push(...others);
    first.fake.seedProspects(4, (i) => ({ stage: 'Lead', contact_name: `C ${i}` }));
    const logs: string[] = [];
    let wakes = 0;
    const timers = [first, ...others].map((w) => boardSyncTimer(w.engine, { now: () => w.world.now, log: (l) => logs.push(l), wake: () => wakes++ })!);
    await until(async () => (await orgEvents(first.engine, 'board.synced')).length > 0, 'a sync');
    await Promise.all(timers.map((t) => t.stop()));
    expect((await orgEvents(first.engine, 'board.synced')).map((e) => e.data)).toEqual([{ added: 4, updated: 0, unchanged: 0, problems: 0 }]);
    expect(logs).toEqual(['baton serve: Prospects board synced: 4 added, 0 updated, 0 unchanged, 0 with problems (baton audit lists them)']);
    expect(wakes).toBe(1);
  });

  it('is off without MONDAY_API_TOKEN, and says why when the token is set but the board is not mapped', async () => {
    const plain = await openWorld();
    try {
      const logs: string[] = [];
      expect(boardSyncTimer(plain.engine, { now: () => 0, log: (l) => logs.push(l), wake: () => {} })).toBeUndefined();
      expect(logs).toEqual([]);
    } finally {
      await plain.close();
    }
    const half = await openWorld({ MONDAY_API_TOKEN: 't' });
    try {
      const logs: string[] = [];
      expect(boardSyncTimer(half.engine, { now: () => 0, log: (l) => logs.push(l), wake: () => {} })).toBeUndefined();
      expect(logs).toEqual([expect.stringMatching(/^baton serve: Prospects board sync is off: monday\.prospectsColumns is not set/)]);
    } finally {
      await half.close();
    }
  });
});
