import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** Escapes LIKE's wildcards (and the escape character itself) so they match literally. */
function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Packet paths already used by a handoff that start with `prefix`, sorted, so a new
 * handoff can pick a free one (`...-2`, `...-3`). The prefix comes from a slug and may hold
 * `_` or `%`, which LIKE would treat as wildcards: they are escaped. SQLite's LIKE ignores
 * ASCII case, so the rows are filtered again exactly, as PostgreSQL's LIKE would.
 */
export async function takenPacketPaths(db: Kysely<Database>, prefix: string): Promise<string[]> {
  const rows = await db
    .selectFrom('handoffs')
    .select('packet_path')
    .where(sql<boolean>`${sql.ref('packet_path')} like ${likePrefix(prefix)} escape '\\'`)
    .execute();
  // Sorted here rather than in SQL: PostgreSQL would sort by its locale, SQLite by bytes.
  return rows
    .map((r) => r.packet_path)
    .filter((path) => path.startsWith(prefix))
    .sort();
}
