import type { MondayReader, MondayReaderOptions } from '../adapters/monday-read.js';
import type { BatonConfig, ProspectsColumns } from '../config/config.js';
import { BatonError, type Problem } from '../domain/problem.js';

/**
 * What reading the Prospects board needs (SPEC §14): the token (MONDAY_API_TOKEN), the board
 * (`monday.prospectsBoardId`) and the column map (`monday.prospectsColumns`); with all three,
 * a reader through the official client with the pinned API-Version that asks for the mapped
 * columns only. Without one of them, the problems say which key to set and how.
 *
 * @example
 *   const setup = prospectsSetup(config);
 *   if (setup.ok) await setup.reader().pageBoard(setup.boardId, onPage);
 */

export type ProspectsSetup = { ok: true; boardId: number; columns: ProspectsColumns; reader: () => Promise<MondayReader> } | { ok: false; problems: Problem[] };

export function prospectsSetup(config: BatonConfig, opts: Partial<MondayReaderOptions> = {}): ProspectsSetup {
  const m = config.monday;
  const problems: Problem[] = [];
  if (!m.token)
    problems.push({
      code: 'config',
      field: 'MONDAY_API_TOKEN',
      message: 'is not set, so Baton cannot read the Prospects board',
      fix: 'set MONDAY_API_TOKEN to a monday.com API token (Profile → Developers → API token) of a user who can see the board',
    });
  if (m.prospectsBoardId === undefined)
    problems.push({
      code: 'config',
      field: 'monday.prospectsBoardId',
      message: 'is not set in baton.config.yaml',
      fix: 'write monday: { prospectsBoardId: 1234567890 } with the number from the board URL (…/boards/1234567890)',
    });
  if (!m.prospectsColumns)
    problems.push({
      code: 'config',
      field: 'monday.prospectsColumns',
      message: 'is not set in baton.config.yaml, so Baton does not know which column holds which deal field',
      fix: 'map each deal field to its column id under monday.prospectsColumns (see the README, "The Prospects board on monday.com")',
    });
  if (problems.length > 0 || !m.token || m.prospectsBoardId === undefined || !m.prospectsColumns) return { ok: false, problems };
  const columns = m.prospectsColumns;
  const boardId = m.prospectsBoardId;
  const token = m.token;
  let reader: MondayReader | undefined;
  return {
    ok: true,
    boardId,
    columns,
    async reader() {
      if (reader) return reader;
      // Loaded only when the board is read, so that other commands start without the GraphQL client.
      const { mondayReader } = await import('../adapters/monday-read.js');
      reader = mondayReader({
        token,
        apiUrl: m.apiUrl,
        apiVersion: m.apiVersion,
        boardId,
        // The item name is the company when no column is mapped to it; the handoff column is only written.
        columns: Object.entries(columns)
          .filter(([field]) => field !== 'handoff')
          .map(([, id]) => id),
        ...(config.httpTimeoutMs ? { timeoutMs: config.httpTimeoutMs } : {}),
        ...opts,
      });
      return reader;
    },
  };
}

/** The setup, or a `not-configured` error naming each missing key. */
export function requireProspects(config: BatonConfig, opts: Partial<MondayReaderOptions> = {}): Extract<ProspectsSetup, { ok: true }> {
  const setup = prospectsSetup(config, opts);
  if (!setup.ok) throw new BatonError('not-configured', setup.problems);
  return setup;
}
