import type { Migration } from './types';

/**
 * A union's employer (domain.md: a union's purchases also count toward its employer's
 * reserved share). `purchasers.employer_id` is set by the clerk in 名录 on a 工会 entry.
 * NULL by default, so older rows' audit digests (migration 7: non-NULL values only) still match.
 */
export const m012UnionEmployer: Migration = {
  version: 12,
  name: 'union-employer',
  up(db) {
    db.exec(`
      ALTER TABLE purchasers ADD COLUMN employer_id INTEGER DEFAULT NULL REFERENCES purchasers(id);
      CREATE INDEX purchasers_employer ON purchasers(employer_id) WHERE employer_id IS NOT NULL;
    `);
  },
};
