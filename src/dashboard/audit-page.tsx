import type { StoredOrgEvent } from '../store/index.js';
import { orgEventText } from '../views/audit.js';
import { localDateTime } from '../domain/time.js';
import { Layout, type Frame } from './layout.js';

/** Org-level events (SPEC §13): heartbeats, manual activations, summaries filed, board syncs, newest first. */
export function AuditPage(props: { frame: Frame; events: readonly StoredOrgEvent[] }) {
  const { frame, events } = props;
  return (
    <Layout frame={frame} title="Audit">
      <h1>Audit</h1>
      <p class="muted">
        What happened to the organisation rather than to one handoff: the same list as <code>baton audit</code>.
      </p>
      {events.length === 0 ? (
        <p>No org events yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>What</th>
            </tr>
          </thead>
          <tbody>
            {[...events].reverse().map((e) => (
              <tr data-event={e.type}>
                <td class="nowrap">{localDateTime(e.at, frame.timezone)}</td>
                <td class="nowrap">{e.actor}</td>
                <td>{orgEventText(e)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
