import type { InboxItem } from '../app/inbox.js';
import type { Role } from '../domain/types.js';
import { dueWords } from '../views/inbox.js';
import { Layout, type Frame } from './layout.js';

/** `/inbox` (every role and what it owes) and `/inbox/<role>`: the list `baton inbox` prints (SPEC §15). */

const URGENCY_CLASS: Record<InboxItem['urgency'], string> = { overdue: 'is-overdue', 'due-soon': 'is-due-soon', pending: 'is-on-time', held: 'is-held' };

export function InboxPage(props: { frame: Frame; role: Role; items: readonly InboxItem[] }) {
  const { frame, role, items } = props;
  return (
    <Layout frame={frame} title={`Inbox: ${role}`}>
      <h1>
        Inbox: {role}
        <span class="sub">{items.length === 0 ? 'nothing owed' : `${items.length} open, most urgent first`}</span>
      </h1>
      <section class="card">
        <p class="lead small">
          Every open obligation of <span class="mono">{role}</span> across handoffs: overdue first (the latest first), then by due time, held clocks last. The same list as{' '}
          <span class="mono">baton inbox --as {role}</span>.
        </p>
        {items.length === 0 ? (
          <p class="muted">Nothing is owed by {role} now.</p>
        ) : (
          <table id="inbox">
            <thead>
              <tr>
                <th>Handoff</th>
                <th>Clock</th>
                <th>Due</th>
                <th>What to do</th>
                <th>Command</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr data-deal={item.id ?? ''} data-clock={item.clock ?? ''} data-urgency={item.urgency}>
                  <td>
                    {item.id !== null ? (
                      <>
                        <a class="company" href={`/handoffs/${encodeURIComponent(item.id)}`}>
                          {item.company}
                        </a>
                        <div class="muted small mono">{item.id}</div>
                      </>
                    ) : (
                      <span class="muted">the org</span>
                    )}
                  </td>
                  <td class="mono">{item.clock ?? '–'}</td>
                  <td class={`nowrap clock ${URGENCY_CLASS[item.urgency]}`}>
                    <span class="clock-words">{dueWords(item, frame.now, frame.timezone)}</span>
                  </td>
                  <td>{item.what}</td>
                  <td class="mono">{item.command}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Layout>
  );
}

/** `/inbox`: each role with how much it owes and how much of it is overdue. */
export function InboxesPage(props: { frame: Frame; roles: { role: Role; open: number; overdue: number }[] }) {
  return (
    <Layout frame={props.frame} title="Inbox">
      <h1>Inbox</h1>
      <section class="card">
        <p class="lead small">What each role owes now; open a role for its list and the command for each step.</p>
        <table id="inboxes">
          <thead>
            <tr>
              <th>Role</th>
              <th>Open</th>
              <th>Overdue</th>
            </tr>
          </thead>
          <tbody>
            {props.roles.map((r) => (
              <tr data-role={r.role}>
                <td>
                  <a class="mono" href={`/inbox/${encodeURIComponent(r.role)}`}>
                    {r.role}
                  </a>
                </td>
                <td>{r.open}</td>
                <td>{r.overdue > 0 ? <b class="overdue-count">{r.overdue}</b> : '0'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </Layout>
  );
}
