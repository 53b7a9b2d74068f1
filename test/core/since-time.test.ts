import { describe, expect, it } from 'vitest';
import { parseSince } from '../../src/core/since-time.js';
import { caught } from '../helpers/caught.js';

const NOW = Date.UTC(2026, 11, 7, 12, 0);

describe('--since', () => {
  it.each([
    ['90s', NOW - 90_000],
    ['30m', NOW - 30 * 60_000],
    ['24h', NOW - 24 * 3_600_000],
    ['7d', NOW - 7 * 86_400_000],
    ['2w', NOW - 14 * 86_400_000],
    [' 7D ', NOW - 7 * 86_400_000],
    ['2026-12-01', Date.UTC(2026, 11, 1)],
    ['2026-12-01T09:30:00Z', Date.UTC(2026, 11, 1, 9, 30)],
    ['2026-12-01T09:30:00+02:00', Date.UTC(2026, 11, 1, 7, 30)],
  ])('reads %j', (text, at) => {
    expect(parseSince(text, NOW)).toBe(at);
  });

  it.each(['last week', '7', '0d', '-7d', '7 days', '2026-13-45', 'yesterday', ''])('refuses %j as a usage error', (text) => {
    expect(caught(() => parseSince(text, NOW))).toMatchObject({ code: 'since-invalid', exitCode: 2, message: `--since ${JSON.stringify(text)} is neither a duration nor a date` });
  });
});
