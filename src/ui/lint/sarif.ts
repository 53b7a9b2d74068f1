import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LintResult } from '../../core/results.js';

const LEVELS = { error: 'error', warn: 'warning', info: 'note', off: 'none' } as const;

/**
 * A file's place as a SARIF `uri`: a reference relative to %SRCROOT% (`../` when the file is
 * outside it), each segment percent-encoded (a space or `#` in a folder name is otherwise an
 * invalid URI, and a `:` in the first segment would read as a scheme). A file on another
 * Windows drive, which has no relative path, gets an absolute file URI.
 */
function artifactLocation(file: string, base: string): { uri: string; uriBaseId?: string } {
  const relative = path.relative(base, file);
  if (path.isAbsolute(relative)) return { uri: pathToFileURL(file).href };
  const encode = (segment: string) => encodeURIComponent(segment).replace(/%(?:40|2B|24|2C|3B|3D|26)/g, decodeURIComponent);
  return { uri: relative.split(path.sep).map(encode).join('/'), uriBaseId: '%SRCROOT%' };
}

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
        // TypeScript's columns count UTF-16 code units, as editors and GitHub do.
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(base).href.replace(/\/?$/, '/')}` } },
        results: result.findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: ruleIndex.get(f.ruleId) ?? -1,
          level: LEVELS[f.severity],
          message: { text: f.hint ? `${f.message} (${f.hint})` : f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifactLocation(path.join(result.root, f.file), base),
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
