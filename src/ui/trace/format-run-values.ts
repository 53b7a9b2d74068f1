import type { DurationKind } from '../../core/run-timing.js';
import type { TokenUsage } from '../../core/trace.js';

/** 840ms, 1.24s, 12.4s, 2m 05s, 1h 02m: short, and never dependent on the locale. */
export function formatDuration(ms: number): string {
  const value = Math.max(0, ms);
  if (value < 1000) return `${Math.round(value)}ms`;
  if (value < 10_000) return `${(value / 1000).toFixed(2)}s`;
  if (value < 60_000) return `${(value / 1000).toFixed(1)}s`;
  const seconds = Math.floor(value / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h ${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
}

/** A run's duration, saying when it is not final: "1.24s", "12.3s so far" (running), "at least 1.24s" (interrupted). */
export function formatRunDuration(ms: number, kind: DurationKind): string {
  const duration = formatDuration(ms);
  if (kind === 'so-far') return `${duration} so far`;
  return kind === 'until-last-sign' ? `at least ${duration}` : duration;
}

/** 1234567 → 1,234,567 (the same on every machine, unlike toLocaleString). */
export function formatCount(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function totalTokens(tokens: TokenUsage | undefined): number {
  return tokens ? tokens.input + tokens.output : 0;
}

/** "1,234 tokens"; undefined when there were none, so callers can leave the field out. */
export function formatTokens(tokens: TokenUsage | undefined): string | undefined {
  const total = totalTokens(tokens);
  return total > 0 ? `${formatCount(total)} tokens` : undefined;
}

/** $1.25, $0.125, $0.0021, $0.00015 (two significant digits under a cent); undefined for no cost. */
export function formatCost(usd: number | undefined): string | undefined {
  if (usd === undefined || !(usd > 0)) return undefined;
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  if (usd >= 0.01) return `$${usd.toFixed(3)}`;
  if (usd >= 0.00001) return `$${usd.toPrecision(2)}`;
  return '<$0.00001';
}

/** "12s ago", "5m ago", "3h ago", "2d ago"; older than a week: the UTC date. */
export function formatAge(at: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h ago`;
  if (seconds < 7 * 86_400) return `${Math.floor(seconds / 86_400)}d ago`;
  return new Date(at).toISOString().slice(0, 10);
}
