/**
 * The team's sample unit files. They live in ../shared/fixtures beside the checkout; a copy is
 * kept in test/fixtures/team so that a clone anywhere (CI included) runs the same tests.
 * test/shared/team-fixtures.test.ts fails when the copy drifts from the team's folder.
 */
import path from 'node:path';

export const TEAM_FIXTURES = path.resolve(__dirname, '../fixtures/team');
export const TEAM_FIXTURES_UPSTREAM = path.resolve(__dirname, '../../../shared/fixtures');
