import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LintResult } from '../../core/results.js';

const LEVELS = { error: 'error', warn: 'warning', info: 'note', off: 'none' } as const;

/**
 * SARIF 2.1.0, for GitHub code scanning and other viewers. Locations are relative to `base` (the
 * working directory, declared as %SRCROOT%).
 */
export function renderLintSarif(result: LintResult, base: string): string {
  const ruleIndex = new Map(result.rules.map((rule, index) => [rule.id, index]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ca',
            fullName: 'composable-agents lint',
            version: result.caVersion,
            informationUri: 'https://github.com/composable-agents/composable-agents',
            rules: result.rules.map((rule) => ({
              id: rule.id,
              shortDescription: { text: rule.description },
              helpUri: rule.docsUrl,
              defaultConfiguration: { level: LEVELS[rule.severity], enabled: rule.severity !== 'off' },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(base).href.replace(/\/?$/, '/')}` } },
        results: result.findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: ruleIndex.get(f.ruleId) ?? -1,
          level: LEVELS[f.severity],
          message: { text: f.hint ? `${f.message} (${f.hint})` : f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: {
                  uri: path.relative(base, path.join(result.root, f.file)).split(path.sep).join('/'),
                  uriBaseId: '%SRCROOT%',
                },
                region: { startLine: f.line, startColumn: f.column },
              },
              ...(f.node ? { logicalLocations: [{ name: f.node, kind: 'function' }] } : {}),
            },
          ],
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2);
}
