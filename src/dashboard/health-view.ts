import type { SlaReport } from '../app/index.js';
import { liveness } from '../domain/agents.js';
import { ROLES } from '../domain/types.js';
import type { Engine } from '../engine/engine.js';
import { clockDurationHistogram, countHandoffs, countMessagesByState, getAgent, weeklyOnTimeRate } from '../store/index.js';
import type { ClockReport, HealthView } from './health-page.js';
import type { Frame } from './layout.js';

/** Weeks of the on-time chart. */
const WEEKS = 12;

/** What the health page shows at `frame.now`: the two SLA histograms, the weekly on-time rate, the agents, the counts, and `sla`. */
export async function healthView(engine: Engine, frame: Frame, sla: SlaReport): Promise<HealthView> {
  const db = engine.store.db;
  const { policy } = engine.config;
  const clock = async (name: ClockReport['name'], title: string): Promise<ClockReport> => {
    const targetMs = policy.due[name];
    const bucketMs = targetMs / 4;
    return { name, title, targetMs, bucketMs, histogram: await clockDurationHistogram(db, name, { bucketMs, buckets: 12, now: frame.now }) };
  };
  const agents = [];
  for (const role of ROLES) {
    const row = await getAgent(db, role);
    agents.push({ role, row, liveness: liveness(row, frame.now, policy, frame.timezone) });
  }
  return {
    frame,
    clocks: [await clock('packet', 'Time to packet'), await clock('acknowledgement', 'Time to acknowledgement')],
    weeks: await weeklyOnTimeRate(db, { now: frame.now, weeks: WEEKS }),
    agents,
    sla,
    messages: await countMessagesByState(db),
    handoffs: await countHandoffs(db, 'all', frame.now),
  };
}
