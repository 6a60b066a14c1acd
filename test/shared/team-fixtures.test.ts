/** The in-repo copy of the team's fixtures matches ../shared/fixtures wherever that exists. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEAM_FIXTURES, TEAM_FIXTURES_UPSTREAM } from '../support/fixtures';

describe('team fixtures copy', () => {
  it('holds samples.json and every file it names', () => {
    const samples = JSON.parse(readFileSync(path.join(TEAM_FIXTURES, 'samples.json'), 'utf8'));
    expect(samples.files.length).toBeGreaterThan(0);
    for (const s of samples.files) expect(existsSync(path.join(TEAM_FIXTURES, s.file))).toBe(true);
  });

  it.runIf(existsSync(TEAM_FIXTURES_UPSTREAM))('is byte-identical to ../shared/fixtures', () => {
    for (const name of readdirSync(TEAM_FIXTURES_UPSTREAM)) {
      const ours = readFileSync(path.join(TEAM_FIXTURES, name));
      expect(ours.equals(readFileSync(path.join(TEAM_FIXTURES_UPSTREAM, name))), name).toBe(true);
    }
  });
});
