import { existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { EvalResult } from '../../src/core/results.js';
import { editFile, repoWithFixture } from '../helpers/git-repo.js';
import { runCli } from '../helpers/run-cli.js';
import { projectWithFiles, REPO_ROOT } from '../helpers/temp-project.js';

// fixtures/support-desk/evals/triage.eval.yaml: two cases of the triage flow, model answers from mocks.yaml.
let project: string;

beforeEach(async () => {
  project = (await repoWithFixture('support-desk')).project;
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(project, 'node_modules'), 'dir');
});

const ca = (...args: string[]) => runCli([...args, '-p', project], { cwd: project });
const json = (stdout: string) => JSON.parse(stdout) as EvalResult;
const breakVipPriority = () => editFile(project, 'src/tickets/triage.ts', (text) => text.replace("return vip ? 'p2' : 'p3';", "return 'p3';"));

describe('ca eval on the support desk', () => {
  it('passes, fails with the case named once the flow regresses, passes again once fixed; baselines tell regressions from known failures', async () => {
    const first = await ca('eval', '--json');
    expect(first.exitCode).toBe(0);
    expect(json(first.stdout)).toMatchObject({ ok: true, totals: { files: 1, cases: 2, passed: 2, failed: 0 } });

    breakVipPriority();
    const broken = await ca('eval', '--baseline', 'last', '--junit', 'out/evals.xml', '--markdown', 'out/evals.md');
    expect(broken.exitCode).toBe(1);
    expect(broken.stdout).toMatch(/a VIP customer waits less\s+FAIL\s+priority equals: "p2"\s+"p3"/);
    expect(broken.stdout).toMatch(/1 regression, 0 known failures/);
    expect(readFileSync(path.join(project, 'out/evals.xml'), 'utf8')).toMatch(/<testcase name="a VIP customer waits less"[^>]*line="14">\n\s+<failure message="priority: &quot;p2&quot;"/);
    expect(readFileSync(path.join(project, 'out/evals.md'), 'utf8')).toMatch(/a VIP customer waits less \*\*\(regression\)\*\*/);

    // eval: selects by the latest outcome: `ca eval -s eval:failed` runs again what failed.
    expect((await ca('ls', '-s', 'eval:failed', '--output', 'names')).stdout.trim()).toBe('triage');
    expect((await ca('ls', '-s', 'eval:none', '--output', 'names')).stdout).not.toMatch(/^triage$/m);
    expect((await ca('show', 'triage')).stdout).toMatch(/evals\s+evals\/triage\.eval\.yaml\s+failed in ev_[0-9a-z]+/);

    // Against the failing evaluation, the same failure is known, not a regression.
    const again = json((await ca('eval', '--baseline', 'last', '--json')).stdout);
    expect(again.baseline).toMatchObject({ regressions: [], knownFailures: [{ file: 'evals/triage.eval.yaml', case: 'a VIP customer waits less' }] });

    editFile(project, 'src/tickets/triage.ts', (text) => text.replace("return 'p3';", "return vip ? 'p2' : 'p3';"));
    const fixed = await ca('eval', '--baseline', broken.stdout.match(/ev_[0-9a-z]+/)![0], '--json');
    expect(fixed.exitCode).toBe(0);
    expect(json(fixed.stdout).baseline?.fixed).toEqual([{ file: 'evals/triage.eval.yaml', case: 'a VIP customer waits less' }]);
    expect((await ca('ls', '-s', 'eval:passed', '--output', 'names')).stdout.trim()).toBe('triage');
    // Each case was a stored run.
    const runId = json(fixed.stdout).files[0]!.cases[0]!.runId;
    expect((await ca('trace', runId)).stdout).toMatch(/flow triage/);
  });

  it('-s state:modified+ evaluates nothing when nothing changed, and the flow\'s cases after an upstream edit', async () => {
    const none = await ca('eval', '-s', 'state:modified+', '--state', 'git:HEAD', '--json');
    expect(none.exitCode).toBe(0);
    expect(json(none.stdout).totals.cases).toBe(0);
    expect(none.stderr).toMatch(/no eval files for the selected nodes/);

    editFile(project, 'src/tickets/lookup.ts', (text) => text.replace("description: 'Fetch a ticket and its customer by id'", "description: 'Fetch one ticket and its customer by id'"));
    const touched = await ca('eval', '-s', 'state:modified+', '--state', 'git:HEAD', '--json');
    expect(json(touched.stdout).files.map((file) => file.target)).toEqual(['triage']);
  });

  it('a mistake in an eval file, or a node that does not exist, is one line and exit 2 before anything runs', async () => {
    writeFileSync(path.join(project, 'evals/kb.eval.yaml'), 'flow: refund_policy_bot\ncases:\n  - { name: a, expect: [{ equals: 1 }] }\n');
    const unknown = await ca('eval');
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/evals\/kb\.eval\.yaml:1.*no node named 'refund_policy_bot'/);
    writeFileSync(path.join(project, 'evals/kb.eval.yaml'), 'flow: triage\ncases:\n  - name: a\n    expect:\n      - { path: x, smaller: 1 }\n');
    const scorer = await ca('eval');
    expect(scorer.exitCode).toBe(2);
    expect(scorer.stderr).toMatch(/evals\/kb\.eval\.yaml:5:20.*unknown scorer "smaller"/);
    expect(existsSync(path.join(project, '.ca/evals'))).toBe(false);
    rmSync(path.join(project, 'evals/kb.eval.yaml'));
    const empty = await ca('eval', '-s', 'triage', '--baseline', '');
    expect(empty.exitCode).toBe(2);
    expect(empty.stderr).toMatch(/--baseline was given an empty value/);
  });
});

describe('judge:', () => {
  it('a reasoner of the project scores the output from 0 to 1 against a threshold', async () => {
    const desk = projectWithFiles({
      'package.json': '{ "type": "module" }\n',
      'src/desk.ts': [
        "import { flow, reasoner } from 'composable-agents';",
        "export const greet = flow({ name: 'greet', run: async (_ctx, who: string) => `Hello ${who}, how can we help?` });",
        "export const politeJudge = reasoner({ name: 'polite_judge', model: 'openai:gpt-4o-mini', system: 'Score how polite the output is, 0 to 1.' });",
        "export const strictJudge = reasoner({ name: 'strict_judge', model: 'openai:gpt-4o-mini', system: 'Score how helpful the output is, 0 to 1.' });",
      ].join('\n'),
      // A judge without an output schema answers text: a number, or { score } as JSON.
      'mocks.yaml': 'reasoners:\n  polite_judge: { score: 0.9 }\n  strict_judge: "0.3"\n',
      'evals/greet.eval.yaml': 'flow: greet\nthreshold: 0.5\ncases:\n  - { name: warm, input: Ada, expect: [{ judge: polite_judge, threshold: 0.8, criteria: polite }] }\n  - { name: cold, input: Bob, expect: [{ judge: strict_judge, threshold: 0.8 }] }\n',
    });
    const run = await runCli(['eval', '-p', desk, '--mock', path.join(desk, 'mocks.yaml'), '--json'], { cwd: desk });
    const result = json(run.stdout);
    expect(result.files[0]!.cases.map((c) => [c.name, c.passed, c.expectations[0]!.actual])).toEqual([
      ['warm', true, 'scored 0.9'],
      ['cold', false, 'scored 0.3'],
    ]);
    // Half the cases pass, and the file's threshold is 50%: the evaluation passes.
    expect(run.exitCode).toBe(0);
    expect(result.files[0]).toMatchObject({ passRate: 0.5, ok: true });
  });
});
