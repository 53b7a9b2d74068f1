import { writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RunEndedEvent } from '../../src/core/trace.js';
import { runCli } from '../helpers/run-cli.js';
import { ndjson, unrulyDesk } from './support/unruly-desk.js';

/** Numbers where JSON libraries and bounding code go wrong. */
const edgeNumber = fc.oneof(
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 0.1 + 0.2, 1e21, 1e-7, 2 ** 53 + 2),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);
/** Well-formed text of any script, emoji and combining marks included. */
const text = fc.string({ unit: 'grapheme', maxLength: 40 });
const longText = fc.string({ unit: 'grapheme', minLength: 2_001, maxLength: 6_000 });
/** Nested far past the trace's 8 levels. */
const deep = fc.tuple(fc.integer({ min: 9, max: 120 }), text).map(([depth, leaf]) => {
  let value: unknown = leaf;
  for (let level = depth; level > 0; level--) value = { level, inner: value };
  return value;
});
const longList = fc.array(fc.oneof(edgeNumber, text), { minLength: 51, maxLength: 300 });
const payload = fc.oneof(fc.jsonValue({ maxDepth: 5 }), fc.dictionary(text, fc.jsonValue({ maxDepth: 3 })), edgeNumber, text, longText, deep, longList);

describe('ca run prints exactly the value the flow returned (property)', () => {
  it('for generated values, plain stdout or the --json run.ended line equals what the flow returned', async () => {
    const desk = unrulyDesk();
    const inputFile = path.join(desk, 'payload.json');
    await fc.assert(
      // Each sample is one real `ca run` (about a second each), in one of the two output modes.
      fc.asyncProperty(fc.array(payload, { minLength: 1, maxLength: 5 }), fc.boolean(), async (values, asJson) => {
        const json = JSON.stringify(values);
        writeFileSync(inputFile, json);
        // What echo_payload returns is the input as JSON read it (JSON has no -0, so neither does the file).
        const returned = JSON.parse(json) as unknown;
        const run = await runCli(['run', 'echo_payload', '-p', desk, '--input', `@${inputFile}`, ...(asJson ? ['--json'] : [])]);
        expect(run.exitCode).toBe(0);
        const printed = asJson ? (ndjson(run.stdout).at(-1) as RunEndedEvent).output : JSON.parse(run.stdout);
        expect(printed).toEqual(returned);
      }),
      { numRuns: 10, endOnFailure: true },
    );
  }, 180_000);

  it('a long unicode string result is printed as it is, not cut', async () => {
    const desk = unrulyDesk();
    const inputFile = path.join(desk, 'payload.json');
    const [sample] = fc.sample(longText, { numRuns: 1, seed: 20261207 });
    writeFileSync(inputFile, JSON.stringify(sample));
    const result = await runCli(['run', 'echo_payload', '-p', desk, '--input', `@${inputFile}`]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(`${sample}\n`);
  });
});
