/**
 * One throwaway PostgreSQL cluster for the whole unit-test run (test/support/pg-cluster.ts);
 * each test file makes its own databases in it (test/support/pg-database.ts). The tests that
 * run on both backends need it, so a machine without Debian's `postgresql` fails here with the
 * command to install it rather than skipping half the suite.
 */
import type { TestProject } from 'vitest/node';
import { startThrowawayCluster, type ThrowawayCluster } from './pg-cluster';

let cluster: ThrowawayCluster | undefined;

export async function setup(project: TestProject): Promise<void> {
  cluster = await startThrowawayCluster();
  project.provide('pgAdminUrl', cluster.adminUrl);
}

export function teardown(): void {
  cluster?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}
