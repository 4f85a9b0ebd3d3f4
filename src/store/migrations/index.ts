import type { Migration, MigrationProvider } from 'kysely';
import * as m001 from './001_initial.js';
import * as m002 from './002_delivery_tracking.js';
import * as m003 from './003_clock_claims.js';
import * as m004 from './004_clock_claim_order.js';
import * as m005 from './005_org_events.js';
import * as m006 from './006_sla.js';
import * as m007 from './007_dashboard_filters.js';
import * as m008 from './008_open_clock_index.js';

/**
 * Every migration, by name, in order. Append-only: never edit a released migration, add
 * the next number. Listed statically because the code runs from dist/ (no directory scan).
 */
export const migrations: Record<string, Migration> = {
  '001_initial': m001,
  '002_delivery_tracking': m002,
  '003_clock_claims': m003,
  '004_clock_claim_order': m004,
  '005_org_events': m005,
  '006_sla': m006,
  '007_dashboard_filters': m007,
  '008_open_clock_index': m008,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
