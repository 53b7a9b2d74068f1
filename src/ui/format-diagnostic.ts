import { type Diagnostic, formatLocation } from '../core/diagnostic.js';
import { visible } from '../core/visible-text.js';
import type { Colors } from './colors.js';

/** `error src/x.ts:3:5 duplicate-name: the name "triage" is defined 2 times (hint)` */
export function formatDiagnostic(d: Diagnostic, c: Colors): string {
  const label = d.severity === 'error' ? c.red('error') : d.severity === 'warn' ? c.yellow('warning') : c.blue('info');
  // File names, messages and hints quote project source (names, paths): shown, never obeyed.
  const where = visible(formatLocation(d));
  const related = d.related?.length ? ` (also ${d.related.map((r) => visible(formatLocation(r))).join(', ')})` : '';
  const hint = d.hint ? c.dim(` — ${visible(d.hint)}`) : '';
  return `${label} ${where ? `${c.cyan(where)} ` : ''}${c.dim(d.code)}: ${visible(d.message)}${related}${hint}`;
}

export function summarizeDiagnostics(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warn').length;
  const parts = [];
  if (errors) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  if (warnings) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  return parts.join(', ');
}
