import { EXIT, UserError } from '../core/errors.js';
import type { ProjectConfig } from '../config/project-config.js';
import type { CaGraph } from '../graph/build-graph.js';
import { ancestors } from '../graph/traverse.js';
import { modelSetupProblem } from '../runtime/models/resolve-language-model.js';

/**
 * Before any project code runs and before a run is recorded: every model the node can reach (its
 * own and those of everything in its `uses`, transitively) can be served here: its key is set, an
 * `openai-compatible:` model has its base URL, its provider exists. A gap is the one-line error of
 * SPEC §7 with exit 2, rather than a flow that fails half-way, after its first tools already ran.
 */
export function checkModelKeys(graph: CaGraph, name: string, config: ProjectConfig, env: NodeJS.ProcessEnv): void {
  for (const reached of [name, ...ancestors(graph, [name])]) {
    const node = graph.node(reached);
    const model = node?.config['model'];
    if (typeof model !== 'string') continue;
    const problem = modelSetupProblem(model, { providers: config.providers, env });
    if (!problem) continue;
    const message =
      problem.code === 'unknown-model-provider'
        ? `${node.kind} ${node.name} uses model '${model}', but ca has no provider '${problem.provider}'`
        : `${problem.variable} is not set: ${node.kind} ${node.name} uses model ${model}`;
    throw new UserError(problem.code, message, {
      hint: problem.hint,
      location: { file: node.file, line: node.line },
      exitCode: EXIT.usage,
    });
  }
}
