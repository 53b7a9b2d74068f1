import { EXIT, UserError } from './errors.js';

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * `--since`: a duration back from `now` (`90s`, `30m`, `24h`, `7d`, `2w`) or a date or time
 * (`2026-12-01`, `2026-12-01T09:00:00Z`), as ms since the epoch. Anything else is a usage error
 * that names the value and shows both forms.
 */
export function parseSince(text: string, now = Date.now()): number {
  const value = text.trim();
  const duration = /^(\d+)\s*([smhdw])$/i.exec(value);
  if (duration) {
    const amount = Number(duration[1]);
    if (amount > 0) return now - amount * UNIT_MS[duration[2]!.toLowerCase()]!;
  } else if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) {
    const at = Date.parse(value);
    if (Number.isFinite(at)) return at;
  }
  throw new UserError('since-invalid', `--since ${JSON.stringify(text)} is neither a duration nor a date`, {
    hint: 'give a duration back from now (30m, 24h, 7d, 2w) or a date (2026-12-01, 2026-12-01T09:00:00Z)',
    exitCode: EXIT.usage,
  });
}
