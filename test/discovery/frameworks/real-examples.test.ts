import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../../src/app/load-project.js';
import { FIXTURES } from '../../helpers/temp-project.js';

/**
 * Discovery on unchanged copies of real example projects of each framework, against a ground
 * truth written by reading their code (fixtures/frameworks/<name>/expected.json).
 *
 * The copies themselves are not in the repository: code fetched from other repositories stays out
 * of its commits (fixtures/frameworks/README.md, SOURCE.md has the commit and path of each). A
 * checkout that has them (a developer's, after restoring them) runs these; CI, which cannot reach
 * GitHub, skips them and relies on test/discovery/frameworks/*.test.ts and test/cli/frameworks.test.ts.
 */
interface Expected {
  nodes: { id: string; display?: string; kind: string; frameworkKind: string; file: string; line: number; nested?: boolean }[];
  edges: { from: string; to: string; kind: string }[];
  optionalEdges?: { from: string; to: string; kind: string }[];
}

const ROOT = path.join(FIXTURES, 'frameworks');
const examples = readdirSync(ROOT, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const hasSources = (name: string) => readdirSync(path.join(ROOT, name)).some((file) => !['expected.json', 'SOURCE.md'].includes(file));
/** The frameworks' own terms, whatever the spelling of the constructor call (`new Agent` / `Agent`). */
const term = (text: string) => text.replace(/^new /, '');

describe.each(examples)('real example: %s', (name) => {
  it.skipIf(!hasSources(name))('finds every node at its place, and every edge a reader sees', async () => {
    const expected = JSON.parse(readFileSync(path.join(ROOT, name, 'expected.json'), 'utf8')) as Expected;
    const project = await loadProject({ project: path.join(ROOT, name), noCache: true });
    // A display name the ground truth leaves out (Mastra's `name` beside its `id`) is extra information, not a difference.
    const shown = new Set(expected.nodes.filter((n) => n.display !== undefined).map((n) => n.id));
    // A name written in several files is qualified by its file (`research-pipeline.summarize`): the ground truth says it by file.
    const unqualified = (n: { name: string; displayName?: string }) => (n.displayName !== undefined && n.name.endsWith(`.${n.displayName}`) ? n.displayName : n.name);
    const found = project.scan.nodes.map((n) => `${unqualified(n)} ${n.kind} ${term(n.frameworkKind ?? '')} ${n.file}:${n.line}${n.displayName && shown.has(n.name) ? ` "${n.displayName}"` : ''}`);
    // Definitions the ground truth marks `nested` (inside a factory function, plain objects) may be missing.
    const optional = new Set(expected.nodes.filter((n) => n.nested).map((n) => `${n.file}:${n.line}`));
    const place = (text: string) => text.split(' ')[3];
    const wanted = expected.nodes.map((n) => `${n.id} ${n.kind} ${term(n.frameworkKind)} ${n.file}:${n.line}${n.display ? ` "${n.display}"` : ''}`);
    expect(found.sort()).toEqual(wanted.filter((w) => !optional.has(place(w)!) || found.includes(w)).sort());

    const edgeText = (e: { from: string; to: string; kind: string }) => `${e.from} -${e.kind}-> ${e.to}`;
    const id = (name: string) => unqualified(project.graph.node(name));
    const edges = project.graph.edges().map((e) => edgeText({ from: id(e.v), to: id(e.w), kind: project.graph.edge(e) ?? 'uses' }));
    for (const edge of expected.edges.map(edgeText)) expect(edges).toContain(edge);
    const allowed = new Set([...expected.edges, ...(expected.optionalEdges ?? [])].map(edgeText));
    expect(edges.filter((edge) => !allowed.has(edge))).toEqual([]);
    expect(project.scan.diagnostics.filter((d) => d.severity === 'error' || d.code === 'cycle')).toEqual([]);
    expect(existsSync(path.join(ROOT, name, 'SOURCE.md'))).toBe(true);
  });
});
