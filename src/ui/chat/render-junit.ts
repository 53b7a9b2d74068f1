import type { ChatScriptResult, ChatScriptTurn } from '../../core/results.js';
import { attrs, seconds, text } from '../junit-xml.js';

/**
 * Chat scripts as JUnit XML, the format every CI server reads: one `<testsuite>` per script, one
 * `<testcase>` per turn, a `<failure>` per failed turn naming each expectation, what came instead
 * and the reply. Deterministic: no timestamps or host names.
 */
export function renderJunit(results: readonly ChatScriptResult[], name = 'ca chat'): string {
  const tests = results.reduce((sum, r) => sum + r.turns.length, 0);
  const failures = results.reduce((sum, r) => sum + r.turns.filter((turn) => !turn.passed).length, 0);
  const time = results.reduce((sum, r) => sum + r.durationMs, 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${attrs({ name, tests, failures, errors: 0, time: seconds(time) })}>`,
  ];
  for (const result of results) {
    const failed = result.turns.filter((turn) => !turn.passed).length;
    lines.push(
      `  <testsuite ${attrs({ name: result.script, tests: result.turns.length, failures: failed, errors: 0, skipped: 0, time: seconds(result.durationMs), file: result.script })}>`,
      '    <properties>',
      `      <property ${attrs({ name: 'session', value: result.name })}/>`,
      `      <property ${attrs({ name: 'session_id', value: result.sessionId })}/>`,
      ...(result.mock === undefined ? [] : [`      <property ${attrs({ name: 'mock', value: result.mock })}/>`]),
      '    </properties>',
    );
    for (const turn of result.turns) lines.push(...testcase(result, turn));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

function testcase(result: ChatScriptResult, turn: ChatScriptTurn): string[] {
  const open = `    <testcase ${attrs({ name: `turn ${turn.index}: ${turn.user}`, classname: result.name, time: seconds(turn.durationMs), file: result.script, line: turn.line })}`;
  if (turn.passed) return [`${open}/>`];
  const failed = turn.checks.filter((check) => !check.passed);
  const body = [
    `turn ${turn.index} (${result.script}:${turn.line}): ${turn.user}`,
    ...failed.flatMap((check) => [`expected: ${check.expected}`, `actual:   ${check.actual}`]),
    turn.status === 'succeeded' ? `reply:    ${JSON.stringify(turn.reply ?? '')}` : `error:    ${turn.error?.message ?? turn.status}`,
    `trace:    ca trace ${turn.runId}`,
  ].join('\n');
  return [
    `${open}>`,
    `      <failure ${attrs({ message: failed.map((check) => check.expected).join('; ') || 'the turn failed', type: failed.map((check) => check.kind).join(',') || 'turn' })}>${text(body)}</failure>`,
    '    </testcase>',
  ];
}
