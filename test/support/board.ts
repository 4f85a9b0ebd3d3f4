import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../src/config/config.js';
import { closeEngine, openEngine, type Engine } from '../../src/engine/engine.js';
import { listOrgEvents } from '../../src/store/index.js';
import { BASE_ENV, T0, World } from './http.js';
import { FAKE_PROSPECTS_COLUMNS, startFakeMonday, type FakeMonday } from './fake-monday.js';
import { pgUrlWithSchema } from './in-process.js';

/**
 * A Baton reading the fake monday.com's Prospects board (SPEC §14): the config maps every
 * deal field to the fake's default Prospects columns (PROSPECT_COLUMNS), and MONDAY_API_TOKEN
 * and BATON_MONDAY_API_URL point the real @mondaydotcomorg/api client at the fake on
 * 127.0.0.1. The engine's board sink is then the real monday.com sink: delivery items and
 * handoff states are written to the fake too.
 */

export const MONDAY_TOKEN = 'board-test-token';
export const PROSPECTS_COLUMNS = FAKE_PROSPECTS_COLUMNS;

export function boardConfig(fake: FakeMonday, opts: { handoff?: boolean; database?: string } = {}): string {
  const { handoff: _h, ...rest } = PROSPECTS_COLUMNS;
  const columns = opts.handoff === false ? rest : PROSPECTS_COLUMNS;
  return `org: { name: "Board Co", timezone: "UTC" }
workspace: "."
${opts.database ? `database: "${opts.database}"\n` : ''}roles:
  cro: { slack: "U0CRO", monday: 111 }
  customer.success: { slack: "U0CS", monday: 4616627 }
  chief.staff: { slack: "U0COS" }
  ceo: { slack: "U0CEO" }
monday:
  prospectsBoardId: ${fake.prospectsBoardId}
  deliveryBoardId: ${fake.boardId}
  prospectsColumns: ${JSON.stringify(columns)}
`;
}

export function boardEnv(fake: FakeMonday): Record<string, string> {
  return { ...BASE_ENV, MONDAY_API_TOKEN: MONDAY_TOKEN, BATON_MONDAY_API_URL: fake.url };
}

/** A verbal, Closed-won deal as the CRO logs it on the Prospects board (write formats of the fake). */
export const VERBAL_CLOSED = {
  stage: 'Closed-won',
  commitment: 'Verbal',
  sow_status: 'Pending',
  sow_expected: { date: '2026-12-01' },
  contact_name: 'Ana Ruiz',
  contact_title: 'VP Partnerships',
  contact_email: { email: 'ana@acme.example', text: 'ana@acme.example' },
  contact_phone: { phone: '+12025550169', countryShortName: 'US' },
  origin: 'Partner referral',
};

export interface BoardWorld {
  fake: FakeMonday;
  world: World;
  engine: Engine;
  dir: string;
  close(): Promise<void>;
}

/**
 * The fake monday.com and an engine on it: SQLite in a temp folder, or with `pgSchema` a
 * PostgreSQL schema. `fake` may be shared (a second engine on the same board and store).
 */
export async function openBoardWorld(
  opts: { fake?: FakeMonday; handoff?: boolean; pgSchema?: string; dir?: string; env?: Record<string, string | undefined> } = {},
): Promise<BoardWorld> {
  const fake = opts.fake ?? (await startFakeMonday({ token: MONDAY_TOKEN, apiVersions: ['2026-07'] }));
  const dir = opts.dir ?? mkdtempSync(path.join(tmpdir(), 'baton-board-'));
  const env: Record<string, string | undefined> = { ...boardEnv(fake), ...(opts.pgSchema ? { BATON_DATABASE_URL: pgUrlWithSchema(opts.pgSchema) } : {}), ...opts.env };
  const config = parseConfig(boardConfig(fake, { handoff: opts.handoff ?? true }), { path: path.join(dir, 'baton.config.yaml'), env, cwd: dir });
  const engine = await openEngine(config, opts.pgSchema ? { pgSchema: opts.pgSchema } : {});
  const world = new World(engine, dir, env);
  world.now = T0;
  return {
    fake,
    world,
    engine,
    dir,
    async close() {
      await closeEngine(engine);
      if (!opts.fake) await fake.close();
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** monday.com's change-column-value event for one item and column (the docs' sample shape). */
export function columnEvent(fake: FakeMonday, item: string, columnId: string, opts: { label?: string; triggerUuid?: string; value?: unknown } = {}) {
  return {
    event: {
      userId: 9603417,
      originalTriggerUuid: null,
      boardId: Number(fake.prospectsBoardId),
      groupId: 'topics',
      pulseId: Number(item),
      pulseName: 'Acme Analytics',
      columnId,
      columnType: opts.label !== undefined ? 'color' : 'text',
      columnTitle: columnId,
      value: opts.value ?? (opts.label !== undefined ? { label: { index: 1, text: opts.label }, post_id: null } : { value: 'x' }),
      previousValue: null,
      changedAt: 1633944017.473193,
      isTopGroup: true,
      app: 'monday',
      type: 'update_column_value',
      triggerTime: '2026-11-26T09:00:00.000Z',
      subscriptionId: 73761176,
      triggerUuid: opts.triggerUuid ?? `trigger-${item}-${columnId}-${Math.random().toString(36).slice(2)}`,
    },
  };
}

export const WEBHOOK = `/webhooks/monday/${BASE_ENV.BATON_MONDAY_WEBHOOK_SECRET}`;

export function postEvent(world: World, body: unknown) {
  return world.raw('POST', WEBHOOK, JSON.stringify(body), { 'Content-Type': 'application/json' });
}

export async function orgEvents(engine: Engine, type?: string) {
  const all = await listOrgEvents(engine.store.db);
  return type ? all.filter((e) => e.type === type) : all;
}

/** Rows in a table, for "nothing new was written". */
export async function countRows(engine: Engine, table: 'events' | 'messages' | 'org_events' | 'deals'): Promise<number> {
  const row = await engine.store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
