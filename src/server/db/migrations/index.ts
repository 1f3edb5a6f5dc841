import type { Migration } from 'kysely';
import { initialMigration } from './0001-initial';
import { timelineSubjectIndexMigration } from './0002-timeline-subject-index';
import { slaSchedulingMigration } from './0003-sla-scheduling';
import { slaAtRiskBackfillMigration } from './0004-sla-at-risk-backfill';
import { slaRecomputePerCustomerMigration } from './0005-sla-recompute-per-customer';

/**
 * Every migration, in order. Listed in code rather than found by scanning a folder so the server
 * bundle carries them. Names sort lexically: keep the numeric prefix. Never edit a released one.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-initial': initialMigration,
  '0002-timeline-subject-index': timelineSubjectIndexMigration,
  '0003-sla-scheduling': slaSchedulingMigration,
  '0004-sla-at-risk-backfill': slaAtRiskBackfillMigration,
  '0005-sla-recompute-per-customer': slaRecomputePerCustomerMigration,
};
