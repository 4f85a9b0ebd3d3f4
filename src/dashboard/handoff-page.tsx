import type { DomainEvent } from '../domain/events.js';
import { formatDuration, localDateTime } from '../domain/time.js';
import { CLOCK_NAMES, type Clock, type DealState } from '../domain/types.js';
import type { StoredDeliveryItem, StoredEvent, StoredMessage } from '../store/index.js';
import { messageJson } from '../views/messages.js';
import { statusJson } from '../views/status.js';
import { eventText } from '../views/timeline.js';
import { ClockBar, ClockLegend } from './clock-view.js';
import { Layout, type Frame } from './layout.js';

/** `/handoffs/:id`: one handoff in full, from the same records and words as the CLI. */

export interface HandoffView {
  frame: Frame;
  state: DealState;
  events: StoredEvent[];
  messages: StoredMessage[];
  deliveryItem: StoredDeliveryItem | undefined;
  /** The packet as its file reads now (with the acknowledgement), if filed. */
  packetText: string | undefined;
  /** A message just requeued from this page. */
  retried?: number;
  /** The browser already holds a role token (cookie `token`): the retry form needs no field. */
  hasActionToken: boolean;
}

const at = (ms: number | undefined, frame: Frame) => (ms === undefined ? '' : localDateTime(ms, frame.timezone));

function asDomainEvent(e: StoredEvent): DomainEvent {
  return { ...(e.data as object), type: e.type, at: e.at, actor: e.actor } as DomainEvent;
}

function Facts(props: { view: HandoffView }) {
  const { state, frame } = props.view;
  const h = state.handoff;
  const json = statusJson(state, frame.now);
  const contact = state.deal.contact;
  const commitment = state.deal.commitment;
  return (
    <dl class="facts">
      <dt>State</dt>
      <dd>
        <span class={`badge state-${json.state}`} data-field="state">
          {json.state}
        </span>
      </dd>
      <dt>Stage</dt>
      <dd>{state.deal.stage}</dd>
      <dt>Owner</dt>
      <dd>{state.deal.owner}</dd>
      <dt>SOW status</dt>
      <dd>{json.sowStatus ?? 'no commitment logged'}</dd>
      <dt>Commitment</dt>
      <dd>{commitment ? `${commitment.type}, logged ${at(commitment.loggedAt, frame)}` : 'none yet'}</dd>
      <dt>Primary contact</dt>
      <dd>{[contact.name, contact.title, contact.email, contact.phone].filter(Boolean).join(' · ') || <span class="muted">not given</span>}</dd>
      {h ? (
        <>
          <dt>T0 (cycle {h.cycle})</dt>
          <dd>
            {at(h.t0, frame)}{' '}
            <span class="muted">
              close date {h.closeDate}, policy v{h.policyVersion}
            </span>
          </dd>
          <dt>Packet</dt>
          <dd class="mono">
            {h.packetPath}{' '}
            {h.packet ? (
              <span class="muted">
                (revision {h.packet.revision}, filed {at(h.packet.filedAt, frame)})
              </span>
            ) : (
              <span class="muted">(not filed)</span>
            )}
          </dd>
        </>
      ) : null}
    </dl>
  );
}

function Clocks(props: { view: HandoffView }) {
  const { state, frame } = props.view;
  const h = state.handoff;
  const clocks = h ? CLOCK_NAMES.flatMap((n) => (h.clocks[n] ? [h.clocks[n] as Clock] : [])) : [];
  if (clocks.length === 0) return <p class="muted">No clocks: the handoff starts when the deal is Closed-won with a commitment.</p>;
  return (
    <>
      <ClockLegend />
      <div class="clocks wide">
        {clocks.map((c) => (
          <ClockBar clock={c} now={frame.now} timezone={frame.timezone} words="full" />
        ))}
      </div>
    </>
  );
}

function Escalations(props: { view: HandoffView }) {
  const { events, frame } = props.view;
  const steps = events.filter((e) => e.type === 'escalation.chief-staff' || e.type === 'escalation.ceo');
  if (steps.length === 0) return <p class="muted">No escalations.</p>;
  return (
    <div id="escalations">
      {steps.map((e) => (
        <div class="alert" data-escalation={e.type}>
          <b>{at(e.at, frame)}</b> · {e.actor} · {eventText(asDomainEvent(e), frame.timezone)}
        </div>
      ))}
    </div>
  );
}

function Timeline(props: { view: HandoffView }) {
  const { events, frame } = props.view;
  return (
    <table id="timeline">
      <thead>
        <tr>
          <th class="nowrap">When</th>
          <th>Who</th>
          <th>What</th>
          <th class="nowrap">How late</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr data-event={e.type}>
            <td class="nowrap">{at(e.at, frame)}</td>
            <td class="nowrap mono">{e.actor}</td>
            <td>{eventText(asDomainEvent(e), frame.timezone)}</td>
            <td class="nowrap">{e.lateMs === undefined ? '' : e.lateMs > 0 ? <span class="late">{formatDuration(e.lateMs)} late</span> : 'on time'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RetryForm(props: { view: HandoffView; message: StoredMessage }) {
  const { view, message } = props;
  return (
    <form class="retry" method="post" action={`/handoffs/${encodeURIComponent(view.state.deal.id)}/messages/${message.id}/retry`}>
      {view.hasActionToken ? null : (
        <>
          <input type="password" name="token" placeholder="your role token" aria-label="your role token (BATON_TOKEN_<ROLE>)" autocomplete="current-password" required />
          <label class="small muted">
            <input type="checkbox" name="remember" value="1" /> remember in this browser
          </label>
        </>
      )}
      <button type="submit">Retry</button>
    </form>
  );
}

function Messages(props: { view: HandoffView }) {
  const { view } = props;
  if (view.messages.length === 0) return <p class="muted">No messages owed yet.</p>;
  return (
    <table id="messages">
      <thead>
        <tr>
          <th>Message</th>
          <th>State</th>
          <th>Text, exactly as delivered</th>
        </tr>
      </thead>
      <tbody>
        {view.messages.map((m) => {
          const json = messageJson(m);
          return (
            <tr id={`message-${m.id}`} data-message={m.id} data-kind={m.kind}>
              <td class="nowrap">
                <b>{json.kind}</b>
                <div class="muted small">to {json.to}</div>
                <div class="muted small">
                  #{m.id} · owed {at(m.createdAt, view.frame)}
                </div>
              </td>
              <td class="nowrap">
                <span class={`badge msg-${json.state}`} data-field="message-state">
                  {json.state}
                </span>
                <div class="muted small">{m.deliveredAt !== undefined ? `delivered ${at(m.deliveredAt, view.frame)}` : `${json.attempts} attempt(s)`}</div>
                {json.lastError ? <div class="small">last error: {json.lastError}</div> : null}
                {m.state === 'failed' ? <RetryForm view={view} message={m} /> : null}
              </td>
              <td>
                <pre class="message">{json.text}</pre>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Delivery(props: { view: HandoffView }) {
  const item = props.view.state.handoff?.deliveryItem ?? props.view.deliveryItem?.item;
  if (!item) return <p class="muted">Created on the delivery board when customer.success acknowledges the packet.</p>;
  const stored = props.view.deliveryItem;
  return (
    <>
      <dl class="facts">
        <dt>Item</dt>
        <dd>{item.name}</dd>
        <dt>Customer</dt>
        <dd>{item.customer}</dd>
        <dt>Committed window</dt>
        <dd>
          {item.windowStart} → {item.windowEnd}
        </dd>
        <dt>Owner</dt>
        <dd>{item.owner}</dd>
        <dt>On the board</dt>
        <dd>{stored ? (stored.externalId ? `item ${stored.externalId}` : 'recorded') : 'queued for the delivery board'}</dd>
      </dl>
      <table id="milestones" style="margin-top:10px">
        <thead>
          <tr>
            <th>Milestone</th>
            <th>Date</th>
          </tr>
        </thead>
        <tbody>
          {item.milestones.map((m) => (
            <tr>
              <td>{m.name}</td>
              <td class="mono">{m.date}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function HandoffPage(props: { view: HandoffView }) {
  const { view } = props;
  const { state } = view;
  return (
    <Layout frame={view.frame} title={state.deal.company}>
      <p class="small">
        <a href="/">← All handoffs</a>
      </p>
      <h1>
        {state.deal.company}
        <span class="sub mono">{state.deal.id}</span>
      </h1>
      {view.retried !== undefined ? (
        <p class="flash" role="status">
          Message #{view.retried} is queued again; Baton delivers it now.
        </p>
      ) : null}
      <div class="grid2">
        <section class="card">
          <h2>The handoff</h2>
          <Facts view={view} />
        </section>
        <section class="card">
          <h2>Delivery item and milestones</h2>
          <Delivery view={view} />
        </section>
      </div>
      <section class="card">
        <h2>Clocks</h2>
        <Clocks view={view} />
      </section>
      <section class="card">
        <h2>Escalations</h2>
        <Escalations view={view} />
      </section>
      <section class="card">
        <h2>Timeline</h2>
        <Timeline view={view} />
      </section>
      <section class="card">
        <h2>Messages</h2>
        <Messages view={view} />
      </section>
      <section class="card">
        <h2>Handoff Packet</h2>
        {view.packetText ? (
          <pre id="packet">{view.packetText}</pre>
        ) : (
          <p class="muted">Not filed yet. The cro drafts it with baton packet draft {state.deal.id} and files it with baton packet file.</p>
        )}
      </section>
    </Layout>
  );
}
