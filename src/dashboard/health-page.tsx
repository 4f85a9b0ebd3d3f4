import type { ReportRow, SlaReport } from '../app/report.js';
import type { AgentLiveness } from '../domain/commands.js';
import { localDateTime } from '../domain/time.js';
import type { Role } from '../domain/types.js';
import type { AgentRow, DurationHistogram, MessageState, WeekOnTime } from '../store/index.js';
import { duration, percent } from '../views/report.js';
import { DurationChart, WeeklyChart, shortDuration } from './charts.js';
import { Layout, type Frame } from './layout.js';

/** `/report` (and `/health-report`): how the handoffs are going, and who is live. */

export interface ClockReport {
  name: 'packet' | 'acknowledgement';
  title: string;
  histogram: DurationHistogram;
  bucketMs: number;
  targetMs: number;
}

export interface HealthView {
  frame: Frame;
  clocks: ClockReport[];
  weeks: WeekOnTime[];
  agents: { role: Role; row: AgentRow | undefined; liveness: AgentLiveness }[];
  messages: Record<MessageState, number>;
  handoffs: number;
  /** The numbers of `baton report` for the same period (SPEC §15). */
  sla: SlaReport;
}

const pct = (part: number, whole: number) => (whole === 0 ? '–' : `${Math.round((part / whole) * 100)}%`);

function ClockSection(props: { report: ClockReport }) {
  const { report } = props;
  const h = report.histogram;
  return (
    <section class="card" data-report={report.name}>
      <h2>{report.title}</h2>
      <p class="lead small">
        From the <span class="mono">{report.name}</span> clock's start to its completion, for every handoff where it is done; the dashed line is the{' '}
        {shortDuration(report.targetMs)} target.
      </p>
      <DurationChart
        id={`chart-${report.name}`}
        title={`${report.title}: done clocks by time taken, target ${shortDuration(report.targetMs)}`}
        histogram={h}
        bucketMs={report.bucketMs}
        targetMs={report.targetMs}
      />
      <div class="stats">
        <div class="stat">
          <b data-stat="done">{h.done.toLocaleString('en-US')}</b>
          <span>done</span>
        </div>
        <div class="stat">
          <b data-stat="on-time">{pct(h.onTime, h.done)}</b>
          <span>{`on time (${h.onTime.toLocaleString('en-US')})`}</span>
        </div>
        <div class="stat">
          <b data-stat="open-past-due">{h.openPastDue.toLocaleString('en-US')}</b>
          <span>open past the target</span>
        </div>
      </div>
    </section>
  );
}

function SlaRows(props: { rows: { name: string; row: ReportRow }[]; kind: 'clock' | 'role' }) {
  return (
    <>
      {props.rows.map(({ name, row }) => (
        <tr data-sla={props.kind} data-name={name}>
          <td class="mono">{name}</td>
          <td data-stat="started">{row.started}</td>
          <td data-stat="done">{row.done}</td>
          <td data-stat="done-on-time">{row.doneOnTime}</td>
          <td data-stat="done-late">{row.doneLate}</td>
          <td data-stat="open">{row.open}</td>
          <td data-stat="open-past-due">{row.openPastDue}</td>
          <td data-stat="on-time-rate">{percent(row.onTimeRate)}</td>
          <td data-stat="p50" class="nowrap">
            {duration(row.p50Ms)}
          </td>
          <td data-stat="p90" class="nowrap">
            {duration(row.p90Ms)}
          </td>
          <td data-stat="held" class="nowrap">
            {row.holds > 0 || row.heldMs > 0 ? `${row.holds} (${duration(row.heldMs)})` : '0'}
          </td>
        </tr>
      ))}
    </>
  );
}

/** The SLA report's table: the numbers of `baton report --from --to`, per clock and per role. */
export function SlaTable(props: { report: SlaReport }) {
  const r = props.report;
  const head = (first: string) => (
    <tr>
      <th>{first}</th>
      <th>Started</th>
      <th>Done</th>
      <th>On time</th>
      <th>Late</th>
      <th>Open</th>
      <th>Past due</th>
      <th>On-time rate</th>
      <th>p50</th>
      <th>p90</th>
      <th>Held</th>
    </tr>
  );
  return (
    <section class="card" id="sla-report" data-from={r.from} data-to={r.to}>
      <h2>SLA report</h2>
      <p class="lead small">
        Clocks started {r.from} to {r.to} ({r.timezone}), open ones as of now: the numbers of{' '}
        <span class="mono">
          baton report --from {r.from} --to {r.to}
        </span>
        . On-time rate: done on time over done plus open past due; p50/p90 from start to done, held time taken off and counted apart. Another period:{' '}
        <span class="mono">/report?from=YYYY-MM-DD&amp;to=YYYY-MM-DD</span>.
      </p>
      <table id="sla-clocks">
        <thead>{head('Clock')}</thead>
        <tbody>
          <SlaRows kind="clock" rows={r.clocks.map((c) => ({ name: c.clock, row: c }))} />
        </tbody>
      </table>
      <table id="sla-roles">
        <thead>{head('Role')}</thead>
        <tbody>
          <SlaRows kind="role" rows={r.roles.map((c) => ({ name: c.role, row: c }))} />
        </tbody>
      </table>
    </section>
  );
}

export function HealthPage(props: { view: HealthView }) {
  const { view } = props;
  const { frame } = view;
  const decided = view.weeks.reduce((n, w) => n + w.total, 0);
  const onTime = view.weeks.reduce((n, w) => n + w.onTime, 0);
  return (
    <Layout frame={frame} title="Health">
      <h1>
        Health<span class="sub">{view.handoffs.toLocaleString('en-US')} handoffs</span>
      </h1>
      <div class="grid2">
        {view.clocks.map((r) => (
          <ClockSection report={r} />
        ))}
      </div>
      <SlaTable report={view.sla} />
      <section class="card">
        <h2>On-time rate per week</h2>
        <p class="lead small">
          Every clock (cancelled ones and the ceo-escalation timer aside) counts in the week it was decided: done on time, or due and missed. Last {view.weeks.length} weeks:{' '}
          {onTime.toLocaleString('en-US')} of {decided.toLocaleString('en-US')} on time ({pct(onTime, decided)}).
        </p>
        <WeeklyChart id="chart-weekly" title="Share of clocks done on time per week" weeks={view.weeks} />
      </section>
      <div class="grid2">
        <section class="card">
          <h2>Agents</h2>
          <table id="agents">
            <thead>
              <tr>
                <th>Role</th>
                <th>Live</th>
                <th>Last heartbeat</th>
                <th>Manual activation</th>
              </tr>
            </thead>
            <tbody>
              {view.agents.map((a) => (
                <tr data-role={a.role} data-live={a.liveness.live ? 'yes' : 'no'}>
                  <td class="mono">{a.role}</td>
                  <td>
                    <span class={`badge live-${a.liveness.live ? 'yes' : 'no'}`} title={a.liveness.detail}>
                      {a.liveness.live ? 'live' : 'not live'}
                    </span>
                  </td>
                  <td class="nowrap">{a.row?.lastHeartbeatAt !== undefined ? localDateTime(a.row.lastHeartbeatAt, frame.timezone) : <span class="muted">never</span>}</td>
                  <td class="nowrap">
                    {a.row?.activatedAt !== undefined ? `${localDateTime(a.row.activatedAt, frame.timezone)} by ${a.row.activatedBy ?? 'ceo'}` : <span class="muted">none</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="muted small">Live: a heartbeat within the policy window, or a manual activation by the ceo. The delivery gate needs a live customer.success.</p>
        </section>
        <section class="card">
          <h2>Messages</h2>
          <div class="stats">
            <div class="stat">
              <b data-stat="queued">{view.messages.queued.toLocaleString('en-US')}</b>
              <span>queued</span>
            </div>
            <div class="stat">
              <b data-stat="delivered">{view.messages.delivered.toLocaleString('en-US')}</b>
              <span>delivered</span>
            </div>
            <div class="stat">
              <b data-stat="failed">{view.messages.failed.toLocaleString('en-US')}</b>
              <span>failed</span>
            </div>
          </div>
          <p class="muted small">A failed message has a Retry button on its handoff's page (or: baton messages retry ID).</p>
        </section>
      </div>
    </Layout>
  );
}
