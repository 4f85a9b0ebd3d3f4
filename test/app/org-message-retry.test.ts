import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/adapters/sink.js';
import { audit, fileScheduledSummary, retryMessage } from '../../src/app/index.js';
import { parseConfig } from '../../src/config/config.js';
import { BatonError } from '../../src/domain/problem.js';
import { dispatch } from '../../src/engine/dispatcher.js';
import { closeEngine, openEngine, type Engine } from '../../src/engine/engine.js';
import { listMessages } from '../../src/store/index.js';

/** SPEC §13 `messages retry` for the scheduled summary's DM, a message owed to the org rather than a handoff. */

const AT = Date.parse('2026-11-26T08:00:00.000Z');

describe('SPEC §13 SPEC §15 retrying the scheduled summary DM', () => {
  let dir: string;
  let engine: Engine;
  const slack = { failing: true, sent: 0 };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'baton-org-retry-'));
    const config = parseConfig('org: { name: "R", timezone: "UTC" }\nsummary: { at: "08:00" }\n', { path: path.join(dir, 'baton.config.yaml'), env: {}, cwd: dir });
    engine = await openEngine(config, {
      sinks: {
        slack: {
          async send() {
            if (slack.failing) throw new DeliveryError('no Slack user id for chief.staff', false);
            slack.sent++;
            return { externalId: 'D1/1' };
          },
        },
      },
    });
  });
  afterAll(async () => {
    await closeEngine(engine);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a failed summary DM is queued again by chief.staff (not the cro), in the audit, and then delivered', async () => {
    expect((await fileScheduledSummary(engine, AT)).filed?.date).toBe('2026-11-26');
    expect(await dispatch(engine, AT)).toMatchObject({ failed: 1 });
    const [dm] = await listMessages(engine.store.db);
    expect(dm).toMatchObject({ kind: 'daily-summary', state: 'failed' });

    const refused = await retryMessage(engine, dm!.id, { now: AT + 60_000, actor: 'cro' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BatonError);
    expect((refused as BatonError).kind).toBe('forbidden');

    slack.failing = false;
    await retryMessage(engine, dm!.id, { now: AT + 120_000, actor: 'chief.staff' });
    expect((await audit(engine)).map((e) => [e.type, e.actor])).toEqual([
      ['summary.filed', 'baton'],
      ['message.retried', 'chief.staff'],
    ]);
    expect(await dispatch(engine, AT + 120_000)).toMatchObject({ delivered: 1 });
    expect((await listMessages(engine.store.db))[0]?.state).toBe('delivered');
    expect(slack.sent).toBe(1);

    // Delivered, it is not retried again.
    const again = await retryMessage(engine, dm!.id, { now: AT + 180_000, actor: 'chief.staff' }).catch((e: unknown) => e);
    expect((again as BatonError).kind).toBe('invalid');
  });
});
