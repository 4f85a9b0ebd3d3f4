import pkg from '@mondaydotcomorg/api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeMonday, type FakeMonday } from '../support/fake-monday.js';

/** The fake monday.com API, driven by the real @mondaydotcomorg/api ApiClient (CJS under ESM). */
const { ApiClient, ClientError } = pkg;
type ClientErrorT = InstanceType<typeof ClientError>;

let fake: FakeMonday;
let monday: InstanceType<typeof ApiClient>;

const CREATE = /* GraphQL */ `
  mutation CreateDelivery($board: ID!, $group: String, $name: String!, $cv: JSON) {
    create_item(board_id: $board, group_id: $group, item_name: $name, column_values: $cv, create_labels_if_missing: false) {
      id
      name
      board { id }
      column_values { id type text value }
    }
    complexity { before after query reset_in_x_seconds }
  }
`;
const FIND = /* GraphQL */ `
  query Find($board: ID!, $col: String!, $val: String!, $limit: Int) {
    items_page_by_column_values(board_id: $board, limit: $limit, columns: [{ column_id: $col, column_values: [$val] }]) {
      cursor
      items { id name }
    }
  }
`;
const SUBITEM = /* GraphQL */ `
  mutation Milestone($parent: ID!, $name: String!, $cv: JSON) {
    create_subitem(parent_item_id: $parent, item_name: $name, column_values: $cv, create_labels_if_missing: false) {
      id
      name
      board { id columns { id type title } }
    }
  }
`;

type ColumnValueOut = { id: string; type: string; text: string | null; value: string | null };
type Created = { create_item: { id: string; name: string; board: { id: string }; column_values: ColumnValueOut[] } };
type Found = { items_page_by_column_values: { cursor: string | null; items: { id: string; name: string }[] } };

const deliveryValues = (key: string) => ({
  text: 'Acme Corp',
  timeline: { from: '2026-10-01', to: '2026-12-15' },
  person: { personsAndTeams: [{ id: 4616627, kind: 'person' }] },
  text_key: key,
});
const create = (key: string, values: Record<string, unknown> = deliveryValues(key)) =>
  monday.request<Created>(CREATE, { board: 456, name: `Acme Corp (${key})`, cv: JSON.stringify(values) });

async function clientError(p: Promise<unknown>): Promise<ClientErrorT> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ClientError) return err;
    throw new Error(`expected a ClientError, got ${String(err)}`);
  }
  throw new Error('expected the request to fail, but it succeeded');
}
async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the request to fail, but it succeeded');
}
const codeOf = (e: ClientErrorT) => (e.response.errors?.[0]?.extensions as { code?: string } | undefined)?.code;

beforeAll(async () => {
  fake = await startFakeMonday();
  monday = new ApiClient({ token: 't', apiVersion: '2026-07', endpoint: fake.url });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

describe('fake monday: the happy path through the real ApiClient', () => {
  it('serves POST /v2 and records the raw token and API-Version', async () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v2$/);
    const res = await monday.request<{ me: { id: string; name: string } }>('query { me { id name email } }');
    expect(res.me).toMatchObject({ id: '4616627', name: 'Baton Bot' });
    const [req] = fake.requests;
    expect(req).toMatchObject({ apiVersion: '2026-07', fields: ['me'] });
    expect(req!.headers.authorization).toBe('t');
    expect(req!.headers['api-version']).toBe('2026-07');
    expect(req!.at).toBeLessThanOrEqual(Date.now());
  });

  it('creates an item from double-encoded column_values and stores it', async () => {
    const res = await create('src-1');
    expect(res.create_item).toMatchObject({ name: 'Acme Corp (src-1)', board: { id: '456' } });
    const byId = Object.fromEntries(res.create_item.column_values.map((c) => [c.id, c]));
    expect(byId.text).toEqual({ id: 'text', type: 'text', text: 'Acme Corp', value: '"Acme Corp"' });
    expect(byId.timeline!.text).toBe('2026-10-01 - 2026-12-15');
    expect(JSON.parse(byId.timeline!.value!)).toEqual({ from: '2026-10-01', to: '2026-12-15' });
    expect(byId.person).toMatchObject({ type: 'people', text: 'Baton Bot' });
    expect(byId.text_key!.text).toBe('src-1');

    expect(fake.items()).toHaveLength(1);
    expect(fake.items()[0]).toMatchObject({
      id: res.create_item.id,
      name: 'Acme Corp (src-1)',
      boardId: '456',
      groupId: 'topics',
      columnValues: deliveryValues('src-1'),
    });
    expect(fake.requests[0]!.variables?.cv).toBe(JSON.stringify(deliveryValues('src-1')));
    expect(fake.requests[0]!.fields).toEqual(['create_item', 'complexity']);
  });

  it('finds an item by its source-key column with items_page_by_column_values', async () => {
    const a = await create('src-A');
    await create('src-B');
    const found = await monday.request<Found>(FIND, { board: '456', col: 'text_key', val: 'src-A', limit: 1 });
    expect(found.items_page_by_column_values.items).toEqual([{ id: a.create_item.id, name: 'Acme Corp (src-A)' }]);
    const none = await monday.request<Found>(FIND, { board: 456, col: 'text_key', val: 'src-Z' });
    expect(none.items_page_by_column_values).toEqual({ cursor: null, items: [] });
  });

  it('matches any of several values in a column, and pages with a cursor', async () => {
    await create('k1');
    await create('k2');
    await create('k3');
    const q = `query ($cursor: String) {
      items_page_by_column_values(board_id: 456, limit: 2, cursor: $cursor,
        columns: [{ column_id: "text_key", column_values: ["k1", "k3", "k2"] }, { column_id: "text", column_values: ["Acme Corp"] }]) {
        cursor items { name }
      }
    }`;
    const p1 = await monday.request<Found>(q);
    expect(p1.items_page_by_column_values.items.map((i) => i.name)).toEqual(['Acme Corp (k1)', 'Acme Corp (k2)']);
    expect(p1.items_page_by_column_values.cursor).toEqual(expect.any(String));
    const p2 = await monday.request<Found>(q, { cursor: p1.items_page_by_column_values.cursor });
    expect(p2.items_page_by_column_values).toEqual({ cursor: null, items: [{ name: 'Acme Corp (k3)' }] });
  });

  it('creates subitems on the subitems board and lists them under the parent', async () => {
    const parent = await create('src-1');
    const sub = await monday.request<{ create_subitem: { id: string; board: { id: string; columns: { id: string; type: string }[] } } }>(
      SUBITEM,
      { parent: parent.create_item.id, name: 'Kickoff', cv: JSON.stringify({ date0: { date: '2026-10-05' } }) },
    );
    expect(sub.create_subitem.board.id).toBe('457');
    expect(sub.create_subitem.board.columns).toEqual(
      expect.arrayContaining([{ id: 'date0', type: 'date', title: 'Due date' }]),
    );
    expect(fake.subitems(parent.create_item.id)).toEqual([
      expect.objectContaining({
        name: 'Kickoff',
        boardId: '457',
        parentId: parent.create_item.id,
        columnValues: { date0: { date: '2026-10-05' } },
      }),
    ]);
    expect(fake.items()).toHaveLength(1); // subitems are not delivery-board items

    const read = await monday.request<{ items: { subitems: { name: string; column_values: { id: string; text: string }[] }[] }[] }>(
      `query ($ids: [ID!]) { items(ids: $ids) { subitems { name column_values(ids: ["date0"]) { id text ... on DateValue { date } } } } }`,
      { ids: [parent.create_item.id] },
    );
    expect(read.items[0]!.subitems).toEqual([{ name: 'Kickoff', column_values: [{ id: 'date0', text: '2026-10-05', date: '2026-10-05' }] }]);

    const bad = await clientError(
      monday.request(SUBITEM, { parent: parent.create_item.id, name: 'Bad', cv: JSON.stringify({ date0: '2026-10-05' }) }),
    );
    expect(codeOf(bad)).toBe('ColumnValueException');
    const orphan = await clientError(monday.request(SUBITEM, { parent: '999', name: 'x' }));
    expect(codeOf(orphan)).toBe('ResourceNotFoundException');
  });

  it('changes column values on an existing item', async () => {
    const { create_item } = await create('src-1');
    await monday.request(
      `mutation ($b: ID!, $i: ID, $cv: JSON!) { change_multiple_column_values(board_id: $b, item_id: $i, column_values: $cv) { id } }`,
      { b: 456, i: create_item.id, cv: JSON.stringify({ timeline: { from: '2026-11-01', to: '2027-01-31' }, name: 'Renamed' }) },
    );
    expect(fake.item(create_item.id)).toMatchObject({
      name: 'Renamed',
      columnValues: { timeline: { from: '2026-11-01', to: '2027-01-31' }, text_key: 'src-1' },
    });
  });

  it('describes the boards and their columns', async () => {
    const res = await monday.request<{ boards: { id: string; columns: { id: string; type: string; title: string }[] }[] }>(
      'query { boards(ids: [456, 457]) { id columns { id type title } } }',
    );
    expect(res.boards.map((b) => b.id)).toEqual(['456', '457']);
    expect(res.boards[0]!.columns.map((c) => [c.id, c.type])).toEqual([
      ['name', 'name'],
      ['text', 'text'],
      ['timeline', 'timeline'],
      ['person', 'people'],
      ['text_key', 'text'],
    ]);
  });
});

describe('fake monday: errors the real API gives', () => {
  it('a bad column value errors with ColumnValueException (HTTP 200) and stores nothing', async () => {
    const e = await clientError(create('src-1', { ...deliveryValues('src-1'), timeline: { from: '2026-10-01' } }));
    expect(e.response.status).toBe(200);
    expect(codeOf(e)).toBe('ColumnValueException');
    expect(e.response.errors?.[0]?.extensions).toMatchObject({ status_code: 200, error_data: { column_id: 'timeline' } });
    expect(e.response.errors?.[0]?.path).toEqual(['create_item']);
    expect(fake.items()).toEqual([]);

    const cases: Record<string, unknown>[] = [
      { text: 42 },
      { person: { personsAndTeams: [{ id: '4616627', kind: 'person' }] } },
      { person: [4616627] },
      { timeline: { from: '2026-13-01', to: '2026-12-15' } },
      { no_such_column: 'x' },
    ];
    for (const values of cases) {
      const err = await clientError(create('k', values));
      expect(codeOf(err), JSON.stringify(values)).toBe('ColumnValueException');
    }
    expect(fake.items()).toEqual([]);
  });

  it('column_values sent as an object (not double-encoded) is refused', async () => {
    const e = await clientError(monday.request(CREATE, { board: 456, name: 'x', cv: deliveryValues('k') }));
    expect(codeOf(e)).toBe('JsonParseException');
    expect(fake.items()).toEqual([]);
  });

  it('an unknown board answers InvalidBoardIdException', async () => {
    const e = await clientError(monday.request(CREATE, { board: 999, name: 'x' }));
    expect(codeOf(e)).toBe('InvalidBoardIdException');
    const f = await clientError(monday.request(FIND, { board: 999, col: 'text_key', val: 'x' }));
    expect(codeOf(f)).toBe('InvalidBoardIdException');
  });

  it('a typo in a field or argument name fails validation', async () => {
    const field = await clientError(
      monday.request(`mutation { create_item(board_id: 456, item_name: "x") { id nmae } }`),
    );
    expect(field.response.status).toBe(200);
    expect(field.response.errors?.[0]?.message).toContain('Cannot query field "nmae" on type "Item"');
    expect(codeOf(field)).toBe('GRAPHQL_VALIDATION_FAILED');

    const arg = await clientError(monday.request(`mutation { create_item(board_id: 456, itemname: "x") { id } }`));
    expect(arg.response.errors?.map((e) => e.message).join('\n')).toContain('Unknown argument "itemname"');

    const syntax = await clientError(monday.request(`mutation { create_item(board_id: 456 { id }`));
    expect(codeOf(syntax)).toBe('GRAPHQL_PARSE_FAILED');
    expect(fake.items()).toEqual([]);
  });

  it('a 429 complexity fault exposes status 429, the Retry-After header and retry_in_seconds', async () => {
    fake.fail('create_item', { status: 429, complexity: true, retryInSeconds: 7 });
    const e = await clientError(create('src-1'));
    expect(e.response.status).toBe(429);
    expect((e.response.headers as Headers).get('retry-after')).toBe('7');
    expect(codeOf(e)).toBe('COMPLEXITY_BUDGET_EXHAUSTED');
    expect(e.response.errors?.[0]).toMatchObject({
      message: 'Complexity budget exhausted',
      extensions: { retry_in_seconds: 7 },
    });
    expect(fake.items()).toEqual([]);
    await create('src-1'); // the fault was consumed
    expect(fake.items()).toHaveLength(1);
  });

  it('a 500 exposes status 500', async () => {
    fake.fail('create_item', { status: 500 });
    const e = await clientError(create('src-1'));
    expect(e.response.status).toBe(500);
    expect(fake.items()).toEqual([]);
  });

  it('an application error fault answers HTTP 200 with that code', async () => {
    fake.fail('items_page_by_column_values', { errorCode: 'maxConcurrencyExceeded', retryInSeconds: 3 });
    const e = await clientError(monday.request(FIND, { board: 456, col: 'text_key', val: 'x' }));
    expect(e.response.status).toBe(200);
    expect(codeOf(e)).toBe('maxConcurrencyExceeded');
    expect((e.response.headers as Headers).get('retry-after')).toBe('3');
  });

  it('dropAfterStore fails the request while the item was created and can be found', async () => {
    fake.fail('create_item', { dropAfterStore: true });
    const err = await rejection(create('src-ambiguous'));
    expect(err).not.toBeInstanceOf(ClientError);
    expect(fake.items()).toHaveLength(1);
    const found = await monday.request<Found>(FIND, { board: 456, col: 'text_key', val: 'src-ambiguous' });
    expect(found.items_page_by_column_values.items.map((i) => i.id)).toEqual([fake.items()[0]!.id]);
  });

  it('drop fails the request and creates nothing', async () => {
    fake.fail('create_item', { drop: true });
    await rejection(create('src-1'));
    expect(fake.items()).toEqual([]);
  });

  it('delayMs answers late: a client timeout fails while the item was created', async () => {
    fake.fail('create_item', { delayMs: 1_000 });
    const started = Date.now();
    await rejection(
      monday.request(CREATE, { board: 456, name: 'slow', cv: JSON.stringify(deliveryValues('slow')) }, { timeoutMs: 100 }),
    );
    expect(Date.now() - started).toBeLessThan(900);
    expect(fake.items().map((i) => i.columnValues.text_key)).toEqual(['slow']);
  });

  it('faults are keyed by root field, so other operations pass untouched', async () => {
    fake.fail('create_subitem', { status: 500 }, 2);
    await create('src-1');
    await monday.request(FIND, { board: 456, col: 'text_key', val: 'src-1' });
    expect(fake.pendingFaults()).toEqual({ create_subitem: [{ status: 500 }, { status: 500 }] });
  });

  it('refuses a Bearer token, a wrong token, and a missing or malformed API-Version', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(fake.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: '{ me { id } }' }),
      });
    expect((await post({ authorization: 'Bearer t', 'api-version': '2026-07' })).status).toBe(401);
    expect((await post({ 'api-version': '2026-07' })).status).toBe(401);
    const noVersion = await post({ authorization: 't' });
    expect(noVersion.status).toBe(400);
    expect(((await noVersion.json()) as { errors: unknown[] }).errors).toHaveLength(1);
    expect((await post({ authorization: 't', 'api-version': '2026-08' })).status).toBe(400);
    expect((await post({ authorization: 't', 'api-version': '2026-10' })).status).toBe(200);

    const strict = await startFakeMonday({ token: 'secret' });
    try {
      const wrong = new ApiClient({ token: 't', apiVersion: '2026-07', endpoint: strict.url });
      expect((await clientError(wrong.request('{ me { id } }'))).response.status).toBe(401);
      const right = new ApiClient({ token: 'secret', apiVersion: '2026-07', endpoint: strict.url });
      await right.request('{ me { id } }');
    } finally {
      await strict.close();
    }
  });
});
