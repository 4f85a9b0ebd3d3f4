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
    const sub = await monday.request<{ create_subitem: { id: string; board: { id: string; columns: { id: string; type: string }[] } } }>(SUBITEM, {
      parent: parent.create_item.id,
      name: 'Kickoff',
      cv: JSON.stringify({ date0: { date: '2026-10-05' } }),
    });
    expect(sub.create_subitem.board.id).toBe('457');
    expect(sub.create_subitem.board.columns).toEqual(expect.arrayContaining([{ id: 'date0', type: 'date', title: 'Due date' }]));
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

    const bad = await clientError(monday.request(SUBITEM, { parent: parent.create_item.id, name: 'Bad', cv: JSON.stringify({ date0: '2026-10-05' }) }));
    expect(codeOf(bad)).toBe('ColumnValueException');
    const orphan = await clientError(monday.request(SUBITEM, { parent: '999', name: 'x' }));
    expect(codeOf(orphan)).toBe('ResourceNotFoundException');
  });

  it('changes column values on an existing item', async () => {
    const { create_item } = await create('src-1');
    await monday.request(`mutation ($b: ID!, $i: ID, $cv: JSON!) { change_multiple_column_values(board_id: $b, item_id: $i, column_values: $cv) { id } }`, {
      b: 456,
      i: create_item.id,
      cv: JSON.stringify({ timeline: { from: '2026-11-01', to: '2027-01-31' }, name: 'Renamed' }),
    });
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
    const field = await clientError(monday.request(`mutation { create_item(board_id: 456, item_name: "x") { id nmae } }`));
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
    await rejection(monday.request(CREATE, { board: 456, name: 'slow', cv: JSON.stringify(deliveryValues('slow')) }, { timeoutMs: 100 }));
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

// ---- the read side: the Prospects board ------------------------------------------------------------

const COLUMN_VALUES = /* GraphQL */ `
  query Read($ids: [ID!], $limit: Int) {
    items(ids: $ids, limit: $limit) {
      id
      name
      board { id }
      column_values { id type text value }
    }
  }
`;
const PAGE = /* GraphQL */ `
  query Page($board: ID!, $limit: Int!, $cursor: String, $query: ItemsQuery) {
    boards(ids: [$board]) {
      items_page(limit: $limit, cursor: $cursor, query_params: $query) { cursor items { id name } }
    }
  }
`;
const NEXT = /* GraphQL */ `
  query Next($limit: Int!, $cursor: String!) {
    next_items_page(limit: $limit, cursor: $cursor) { cursor items { id name } }
  }
`;
type Cv = { id: string; type: string; text: string | null; value: string | null };
type ReadItems = { items: { id: string; name: string; board: { id: string }; column_values: Cv[] }[] };
type Paged = { cursor: string | null; items: { id: string; name: string }[] };

const DEAL_VALUES = {
  stage: 'Closed-won',
  commitment: { label: 'Verbal' },
  sow_status: { label: 'Pending' },
  sow_expected: { date: '2026-12-01' },
  contact_name: 'Ana Ruiz',
  contact_title: 'VP Partnerships',
  contact_email: { email: 'ana@acme.example', text: 'ana@acme.example' },
  contact_phone: { phone: '+12025550169', countryShortName: 'US' },
  origin: 'Partner referral',
};
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('fake monday: reading the Prospects board', () => {
  it('items(ids:) answers column_values { id type text value } shaped as the real API, for every column type', async () => {
    const seeded = fake.seedItem({ board: 'prospects', name: 'Acme Analytics', columnValues: DEAL_VALUES });
    const res = await monday.request<ReadItems>(COLUMN_VALUES, { ids: [seeded.id] });
    expect(res.items).toHaveLength(1);
    const item = res.items[0]!;
    expect(item).toMatchObject({ id: seeded.id, name: 'Acme Analytics', board: { id: fake.prospectsBoardId } });
    const cv = Object.fromEntries(item.column_values.map((c) => [c.id, c]));

    expect(cv.stage).toMatchObject({ type: 'status', text: 'Closed-won' });
    expect(cv.stage!.value).toMatch(/^\{"index":4,"post_id":null,"changed_at":"[^"]+"\}$/);
    expect((JSON.parse(cv.stage!.value!) as { changed_at: string }).changed_at).toMatch(ISO);
    expect(cv.commitment).toMatchObject({ type: 'status', text: 'Verbal' });
    expect(JSON.parse(cv.commitment!.value!)).toMatchObject({ index: 1, post_id: null });
    expect(cv.sow_status).toMatchObject({ type: 'status', text: 'Pending' });

    expect(cv.sow_expected).toMatchObject({ type: 'date', text: '2026-12-01' });
    expect(cv.sow_expected!.value).toMatch(/^\{"date":"2026-12-01","changed_at":"[^"]+"\}$/);

    expect(cv.contact_email).toEqual({
      id: 'contact_email',
      type: 'email',
      text: 'ana@acme.example',
      value: '{"email":"ana@acme.example","text":"ana@acme.example"}',
    });
    expect(cv.contact_phone).toEqual({
      id: 'contact_phone',
      type: 'phone',
      text: '+12025550169',
      value: '{"phone":"+12025550169","countryShortName":"US"}',
    });
    expect(cv.contact_name).toEqual({ id: 'contact_name', type: 'text', text: 'Ana Ruiz', value: '"Ana Ruiz"' });
    expect(cv.origin).toMatchObject({ type: 'text', text: 'Partner referral' });
    // A column without a value: empty text, null value.
    expect(cv.handoff).toEqual({ id: 'handoff', type: 'status', text: '', value: null });
  });

  it('a dropdown holds {"ids":[…]} and shows its labels; the typed fragments answer too', async () => {
    const dropdown = await startFakeMonday({
      prospectsColumns: [
        { id: 'commitment', type: 'dropdown', title: 'Commitment', labels: ['Written', 'Verbal'] },
        { id: 'contact_email', type: 'email', title: 'Email' },
        { id: 'contact_phone', type: 'phone', title: 'Phone' },
        { id: 'sow_expected', type: 'date', title: 'SOW expected' },
        { id: 'stage', type: 'status', title: 'Stage', labels: ['Lead', 'Closed-won'] },
      ],
    });
    try {
      const client = new ApiClient({ token: 't', apiVersion: '2026-07', endpoint: dropdown.url });
      const seeded = dropdown.seedItem({
        board: 'prospects',
        name: 'Beta Corp',
        columnValues: {
          commitment: { labels: ['Verbal'] },
          contact_email: { email: 'bo@beta.example', text: 'Bo' },
          contact_phone: { phone: '+442071838750', countryShortName: 'GB' },
          sow_expected: { date: '2026-12-01' },
          stage: { index: 1 },
        },
      });
      const res = await client.request<{ items: { column_values: Record<string, unknown>[] }[] }>(
        `query ($ids: [ID!]) { items(ids: $ids) { column_values {
          id type text value
          ... on DropdownValue { values { id label } }
          ... on EmailValue { email label }
          ... on PhoneValue { phone country_short_name }
          ... on DateValue { date time }
          ... on StatusValue { index label is_done }
        } } }`,
        { ids: [seeded.id] },
      );
      const cv = Object.fromEntries(res.items[0]!.column_values.map((c) => [c.id as string, c]));
      expect(cv.commitment).toEqual({ id: 'commitment', type: 'dropdown', text: 'Verbal', value: '{"ids":[2]}', values: [{ id: '2', label: 'Verbal' }] });
      expect(cv.contact_email).toMatchObject({ text: 'Bo', value: '{"email":"bo@beta.example","text":"Bo"}', email: 'bo@beta.example', label: 'Bo' });
      expect(cv.contact_phone).toMatchObject({ value: '{"phone":"+442071838750","countryShortName":"GB"}', phone: '+442071838750', country_short_name: 'GB' });
      expect(cv.sow_expected).toMatchObject({ text: '2026-12-01', date: '2026-12-01', time: null });
      expect(cv.stage).toMatchObject({ text: 'Closed-won', index: 1, label: 'Closed-won', is_done: false });
    } finally {
      await dropdown.close();
    }
  });

  it('items(ids:) answers at most `limit` items (default 25), and refuses more than 100 ids', async () => {
    const seeded = fake.seedProspects(30);
    const ids = seeded.map((s) => s.id);
    expect((await monday.request<ReadItems>(COLUMN_VALUES, { ids })).items).toHaveLength(25);
    expect((await monday.request<ReadItems>(COLUMN_VALUES, { ids, limit: 30 })).items.map((i) => i.id)).toEqual(ids);
    const tooMany = await clientError(monday.request(COLUMN_VALUES, { ids: Array.from({ length: 101 }, (_, i) => String(i + 1)), limit: 101 }));
    expect(codeOf(tooMany)).toBe('InvalidArgumentException');
  });

  it('boards { items_page } then next_items_page walk the whole board with the cursor, and only that board', async () => {
    const seeded = fake.seedProspects(7);
    await create('not-a-prospect'); // on the delivery board
    const first = await monday.request<{ boards: { items_page: Paged }[] }>(PAGE, { board: fake.prospectsBoardId, limit: 3 });
    const p1 = first.boards[0]!.items_page;
    expect(p1.items.map((i) => i.name)).toEqual(['Prospect 1', 'Prospect 2', 'Prospect 3']);
    expect(p1.cursor).toEqual(expect.any(String));
    const p2 = (await monday.request<{ next_items_page: Paged }>(NEXT, { limit: 3, cursor: p1.cursor })).next_items_page;
    expect(p2.items.map((i) => i.name)).toEqual(['Prospect 4', 'Prospect 5', 'Prospect 6']);
    const p3 = (await monday.request<{ next_items_page: Paged }>(NEXT, { limit: 3, cursor: p2.cursor })).next_items_page;
    expect(p3).toEqual({ cursor: null, items: [{ id: seeded[6]!.id, name: 'Prospect 7' }] });
    expect(fake.requests.map((r) => r.fields)).toEqual([['create_item', 'complexity'], ['boards'], ['next_items_page'], ['next_items_page']]);

    const bad = await clientError(monday.request(NEXT, { limit: 3, cursor: 'not-a-cursor' }));
    expect(codeOf(bad)).toBe('CursorException');
    const big = await clientError(monday.request(PAGE, { board: fake.prospectsBoardId, limit: 501 }));
    expect(codeOf(big)).toBe('InvalidArgumentException');
  });

  it('items_page filters with query_params: a status by label index or text, ids, and or', async () => {
    fake.seedItem({ board: 'prospects', name: 'Won', columnValues: { stage: 'Closed-won' } });
    fake.seedItem({ board: 'prospects', name: 'Lead', columnValues: { stage: 'Lead' } });
    const empty = fake.seedItem({ board: 'prospects', name: 'Blank' });
    const names = async (query: unknown) =>
      (await monday.request<{ boards: { items_page: Paged }[] }>(PAGE, { board: fake.prospectsBoardId, limit: 10, query })).boards[0]!.items_page.items.map((i) => i.name);
    expect(await names({ rules: [{ column_id: 'stage', compare_value: [4] }] })).toEqual(['Won']);
    expect(await names({ rules: [{ column_id: 'stage', compare_value: ['Lead'] }] })).toEqual(['Lead']);
    expect(await names({ rules: [{ column_id: 'stage', compare_value: [], operator: 'is_empty' }] })).toEqual(['Blank']);
    expect(
      await names({
        operator: 'or',
        rules: [
          { column_id: 'stage', compare_value: [0] },
          { column_id: 'name', compare_value: ['Won'] },
        ],
      }),
    ).toEqual(['Won', 'Lead']);
    expect(await names({ ids: [empty.id] })).toEqual(['Blank']);
    const unknown = await clientError(monday.request(PAGE, { board: fake.prospectsBoardId, limit: 10, query: { rules: [{ column_id: 'nope', compare_value: [1] }] } }));
    expect(codeOf(unknown)).toBe('InvalidColumnIdException');
  });

  it('change_simple_column_value writes a status label or a text; change_column_value takes JSON', async () => {
    const item = fake.seedItem({ board: 'prospects', name: 'Acme', columnValues: { stage: 'Lead' } });
    const simple = `mutation ($b: ID!, $i: ID, $c: String!, $v: String) {
      change_simple_column_value(board_id: $b, item_id: $i, column_id: $c, value: $v, create_labels_if_missing: false) { id }
    }`;
    await monday.request(simple, { b: fake.prospectsBoardId, i: item.id, c: 'handoff', v: 'Packet due' });
    await monday.request(simple, { b: fake.prospectsBoardId, i: item.id, c: 'origin', v: 'Webinar' });
    expect(fake.item(item.id)!.columnValues).toMatchObject({ handoff: { index: 0 }, origin: 'Webinar', stage: { index: 0 } });

    const unknownLabel = await clientError(monday.request(simple, { b: fake.prospectsBoardId, i: item.id, c: 'handoff', v: 'Nope' }));
    expect(codeOf(unknownLabel)).toBe('ColumnValueException');
    const noColumn = await clientError(monday.request(simple, { b: fake.prospectsBoardId, i: item.id, c: 'nope', v: 'x' }));
    expect(codeOf(noColumn)).toBe('InvalidColumnIdException');
    const wrongBoard = await clientError(monday.request(simple, { b: fake.boardId, i: item.id, c: 'text', v: 'x' }));
    expect(codeOf(wrongBoard)).toBe('ResourceNotFoundException');

    await monday.request(`mutation ($b: ID!, $i: ID, $v: JSON!) { change_column_value(board_id: $b, item_id: $i, column_id: "stage", value: $v) { id } }`, {
      b: fake.prospectsBoardId,
      i: item.id,
      v: JSON.stringify({ label: 'Closed-won' }),
    });
    expect(fake.item(item.id)!.columnValues.stage).toEqual({ index: 4 });
  });

  it('a read query that does not match the schema is refused before anything runs', async () => {
    const refused = async (query: string, variables?: Record<string, unknown>) => {
      const e = await clientError(monday.request(query, variables));
      expect(codeOf(e), query).toBe('GRAPHQL_VALIDATION_FAILED');
      return e.response.errors?.map((x) => x.message).join('\n') ?? '';
    };
    expect(await refused('query { items(ids: [1]) { column_values { id type txt value } } }')).toContain('Cannot query field "txt" on type "ColumnValue"');
    expect(await refused('query { boards(ids: [123]) { items_page(limit: 10, curser: "x") { cursor } } }')).toContain('Unknown argument "curser"');
    expect(await refused('query { next_items_page(limit: 10) { cursor } }')).toContain('argument "cursor" of type "String!" is required');
    expect(await refused('query { items(ids: [1]) { column_values { ... on StatusValue { labels } } } }')).toContain('Cannot query field "labels" on type "StatusValue"');
    expect(
      await refused('query { boards(ids: [123]) { items_page(limit: 5, query_params: { rules: [{ column_id: "stage", compare_value: [1], operator: equals }] }) { cursor } } }'),
    ).toContain('Value "equals" does not exist in "ItemsQueryRuleOperator" enum');
    expect(fake.requests.every((r) => r.fields.length > 0)).toBe(true);
  });
});

describe('fake monday: rate limits in the 2026-07 shapes', () => {
  it('COMPLEXITY_BUDGET_EXHAUSTED on a read: HTTP 429, retry_in_seconds, Retry-After and a request_id', async () => {
    fake.seedProspects(1);
    fake.fail('boards', { status: 429, complexity: true, retryInSeconds: 22 });
    const e = await clientError(monday.request(PAGE, { board: fake.prospectsBoardId, limit: 10 }));
    expect(e.response.status).toBe(429);
    expect((e.response.headers as Headers).get('retry-after')).toBe('22');
    expect(e.response.errors).toEqual([{ message: 'Complexity budget exhausted', extensions: { code: 'COMPLEXITY_BUDGET_EXHAUSTED', retry_in_seconds: 22 } }]);
    expect((e.response.extensions as { request_id?: string }).request_id).toEqual(expect.any(String));
    expect((await monday.request<{ boards: { items_page: Paged }[] }>(PAGE, { board: fake.prospectsBoardId, limit: 10 })).boards[0]!.items_page.items).toHaveLength(1);
  });

  it('other rate limits carry their code; headerOnly leaves the wait to Retry-After', async () => {
    fake.fail('items', { status: 429 });
    fake.fail('items', { status: 429, code: 'MAX_CONCURRENCY_EXCEEDED', retryInSeconds: 15 });
    fake.fail('items', { status: 429, retryInSeconds: 9, headerOnly: true });
    const minute = await clientError(monday.request(COLUMN_VALUES, { ids: ['1'] }));
    expect(minute.response.errors?.[0]).toEqual({ message: 'Minute rate limit exceeded', extensions: { code: 'MINUTE_RATE_LIMIT_EXCEEDED', retry_in_seconds: 1 } });
    const concurrency = await clientError(monday.request(COLUMN_VALUES, { ids: ['1'] }));
    expect(concurrency.response.errors?.[0]).toMatchObject({ message: 'Too many concurrent requests', extensions: { retry_in_seconds: 15 } });
    const header = await clientError(monday.request(COLUMN_VALUES, { ids: ['1'] }));
    expect(header.response.errors?.[0]?.extensions).toEqual({ code: 'MINUTE_RATE_LIMIT_EXCEEDED' });
    expect((header.response.headers as Headers).get('retry-after')).toBe('9');
  });
});
