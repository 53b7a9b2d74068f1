// Selection alone, in-process, on a generated module: parse + evaluate `@<flow>` and
// `state:modified+` against a baseline in which 1% of the nodes differ. Prints JSON timings (ms).
// Usage: node bench/select-only.js <project dir> <flow name>
import { loadProject } from '../dist/app/load-project.js';
import { planSelection, runSelection } from '../dist/selection/select-nodes.js';
import { diffNodes } from '../dist/state/diff-nodes.js';

const [dir, flow] = process.argv.slice(2);
const project = await loadProject({ project: dir });
const { graph } = project;
const nodes = project.scan.nodes;

// A baseline where every 100th node had a different body: what a pull request touching 1% looks like.
const previous = new Map(
  nodes.map((node, index) => [node.name, { fingerprints: index % 100 === 0 ? { ...node.fingerprints, body: 'changed' } : node.fingerprints }]),
);
const current = new Map(nodes.map((node) => [node.name, node]));

function time(fn, reps = 7) {
  const samples = [];
  let size = 0;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    size = fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { ms: Math.round(samples[Math.floor(reps / 2)] * 10) / 10, selected: size };
}

const at = time(() => runSelection(planSelection({ select: [`@${flow}`], exclude: [] }, []), graph, nodes).selected.size);
const state = time(() => {
  const diff = diffNodes('bench', current, previous);
  return runSelection(planSelection({ select: ['state:modified+'], exclude: [] }, []), graph, nodes, diff).selected.size;
});
const everything = time(() => runSelection(planSelection({ select: ['tag:billing,kind:flow +kind:agent'], exclude: ['kind:reasoner'] }, []), graph, nodes).selected.size);
console.log(JSON.stringify({ nodes: nodes.length, at, stateModifiedPlus: state, mixed: everything }));
