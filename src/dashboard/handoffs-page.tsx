import { localDateTime } from '../domain/time.js';
import { CLOCK_NAMES, type Clock, type DealState } from '../domain/types.js';
import type { HandoffFilter } from '../store/index.js';
import { statusJson } from '../views/status.js';
import { ClockBar, ClockLegend } from './clock-view.js';
import { Layout, type Frame } from './layout.js';

/** `/`: every handoff, a page at a time, with the filters of the issue. */

export const PAGE_SIZE = 50;

export const FILTER_LABEL: Record<HandoffFilter, string> = {
  all: 'All',
  overdue: 'Overdue',
  'awaiting-acknowledgement': 'Awaiting acknowledgement',
  'awaiting-sow': 'Awaiting SOW',
};

export interface HandoffsView {
  frame: Frame;
  filter: HandoffFilter;
  counts: Record<HandoffFilter, number>;
  page: number;
  deals: DealState[];
}

export function listHref(filter: HandoffFilter, page = 1): string {
  const query = new URLSearchParams();
  if (filter !== 'all') query.set('filter', filter);
  if (page > 1) query.set('page', String(page));
  const text = query.toString();
  return text ? `/?${text}` : '/';
}

export function lastPage(total: number): number {
  return Math.max(1, Math.ceil(total / PAGE_SIZE));
}

function clocksOf(state: DealState): Clock[] {
  const h = state.handoff;
  return h ? CLOCK_NAMES.flatMap((n) => (h.clocks[n] ? [h.clocks[n] as Clock] : [])) : [];
}

function Row(props: { state: DealState; frame: Frame }) {
  const { state, frame } = props;
  // The same object `baton status --json` prints: state and SOW status read as the CLI reads them.
  const json = statusJson(state, frame.now);
  const href = `/handoffs/${encodeURIComponent(state.deal.id)}`;
  return (
    <tr data-deal={state.deal.id}>
      <td>
        <a class="company" href={href}>
          {state.deal.company}
        </a>
        <div class="muted small mono">{state.deal.id}</div>
      </td>
      <td>
        <span class={`badge state-${json.state}`} data-field="state">
          {json.state}
        </span>
      </td>
      <td class="nowrap" data-field="waiting-on">
        {json.waitingOn ?? <span class="muted">nobody</span>}
        {json.nextDueAt ? <div class="muted small">due {localDateTime(Date.parse(json.nextDueAt), frame.timezone)}</div> : null}
      </td>
      <td class="nowrap" data-field="sow">
        {json.sowStatus ?? <span class="muted">no commitment</span>}
      </td>
      <td>
        <div class="clocks">
          {clocksOf(state).map((c) => (
            <ClockBar clock={c} now={frame.now} timezone={frame.timezone} />
          ))}
        </div>
      </td>
    </tr>
  );
}

function Pager(props: { view: HandoffsView; total: number }) {
  const { view, total } = props;
  const last = lastPage(total);
  const link = (page: number, label: string, rel?: string) =>
    page >= 1 && page <= last && page !== view.page ? (
      <a href={listHref(view.filter, page)} rel={rel}>
        {label}
      </a>
    ) : (
      <span class="off">{label}</span>
    );
  const first = total === 0 ? 0 : (view.page - 1) * PAGE_SIZE + 1;
  const to = Math.min(total, view.page * PAGE_SIZE);
  return (
    <nav class="pager" aria-label="pages">
      {link(1, '« First')}
      {link(view.page - 1, '‹ Previous', 'prev')}
      {link(view.page + 1, 'Next ›', 'next')}
      {link(last, 'Last »')}
      <span class="where">
        {first > to
          ? `Past the end (${total.toLocaleString('en-US')} handoffs)`
          : `${first.toLocaleString('en-US')}–${to.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`}{' '}
        · page {view.page.toLocaleString('en-US')} of {last.toLocaleString('en-US')}
      </span>
    </nav>
  );
}

export function HandoffsPage(props: { view: HandoffsView }) {
  const { view } = props;
  const total = view.counts[view.filter];
  return (
    <Layout frame={view.frame} title="Handoffs">
      <h1>
        Handoffs<span class="sub">{view.counts.all.toLocaleString('en-US')} in all</span>
      </h1>
      <nav class="filters" aria-label="filters">
        {(Object.keys(FILTER_LABEL) as HandoffFilter[]).map((f) => (
          <a href={listHref(f)} class={f === view.filter ? 'active' : ''} data-filter={f}>
            {FILTER_LABEL[f]}
            <span class="n">{view.counts[f].toLocaleString('en-US')}</span>
          </a>
        ))}
      </nav>
      <section class="card">
        <ClockLegend />
        <table class="handoffs">
          <thead>
            <tr>
              <th>Company</th>
              <th>State</th>
              <th>Waiting on</th>
              <th>SOW</th>
              <th>Clocks</th>
            </tr>
          </thead>
          <tbody>
            {view.deals.map((state) => (
              <Row state={state} frame={view.frame} />
            ))}
          </tbody>
        </table>
        {view.deals.length === 0 ? (
          <p class="empty">
            {view.counts.all === 0
              ? 'No handoffs yet: a deal becomes a handoff once it is Closed-won with a commitment (baton deal stage, baton deal commit).'
              : total === 0
                ? `No handoff is ${FILTER_LABEL[view.filter].toLowerCase()} right now.`
                : 'No handoffs on this page.'}
          </p>
        ) : null}
        <Pager view={view} total={total} />
      </section>
    </Layout>
  );
}
