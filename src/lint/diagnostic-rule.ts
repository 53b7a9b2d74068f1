import type { DiagnosticCode, Severity } from '../core/diagnostic.js';
import { docsUrl, type Rule } from './rule.js';

/**
 * A rule that reports discovery's own diagnostics (duplicate names, unresolved uses, cycles…), so
 * they get a severity, a disable comment and every output format like any other finding.
 */
export function diagnosticRule(id: string, codes: readonly DiagnosticCode[], defaultSeverity: Severity, description: string): Rule {
  return {
    meta: { id, defaultSeverity, description, docsUrl: docsUrl(id), messages: { diagnostic: '{{message}}' } },
    check(context) {
      for (const d of context.diagnostics) {
        if (!codes.includes(d.code) || d.file === undefined) continue;
        const report: Parameters<typeof context.report>[0] = {
          messageId: 'diagnostic',
          data: { message: d.message },
          at: { file: d.file, line: d.line ?? 1, column: d.column ?? 1 },
        };
        const node = d.node === undefined ? undefined : context.node(d.node);
        if (node) report.node = node;
        if (d.hint) report.hint = d.hint;
        context.report(report);
      }
    },
  };
}
