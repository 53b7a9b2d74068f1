import path from 'node:path';
import { Args, Flags } from '@oclif/core';
import { CA_DEPENDENCY_SOURCES, type CaDependencySource, TEMPLATES, initProject, type TemplateName } from '../app/init-project.js';
import { CaCommand } from '../cli/base-command.js';
import type { InitResult } from '../core/results.js';

export default class Init extends CaCommand<InitResult> {
  static override summary = 'Start a project from a template: tools, flows, an agent, a session, mocks, a chat script and a CI workflow.';
  static override description =
    'Writes a working composable-agents project into DIR (default: the working directory): package.json, tsconfig.json, ca.yaml with a `dir` env, definitions under src/, mocks.yaml so everything runs without an API key, a session test (*.chat.yaml) and .github/workflows/ca-lint.yml. Refuses a folder that is not empty unless --force.';
  static override examples = ['<%= config.bin %> init my-agents', '<%= config.bin %> init research-bot --template research', '<%= config.bin %> init . --template minimal --force'];

  static override args = {
    dir: Args.string({ description: 'Folder to create the project in.', default: '.' }),
  };

  static override flags = {
    template: Flags.string({ char: 't', summary: 'support (a support desk, the default), research (sources, a cited brief) or minimal (one of each kind).', options: [...TEMPLATES], default: 'support' }),
    force: Flags.boolean({ summary: 'Write into a folder that is not empty (template files overwrite theirs).' }),
    'ca-dependency': Flags.string({
      summary: 'How package.json gets composable-agents: tarball (this ca, packed into vendor/; the default) or registry (a ^version range from npm).',
      options: [...CA_DEPENDENCY_SOURCES],
      default: 'tarball',
    }),
  };

  async run(): Promise<InitResult> {
    const { args, flags } = await this.parse(Init);
    const result = await initProject({ dir: args.dir, template: flags.template as TemplateName, force: flags.force, caDependency: flags['ca-dependency'] as CaDependencySource });
    this.warnings(result.warnings);
    if (this.jsonEnabled()) return result;
    const shown = path.relative(process.cwd(), result.dir) || '.';
    this.note(`${this.err.green('✔')} created ${result.name} from the ${result.template} template in ${shown} (${result.files.length} files; composable-agents: ${result.caDependency})`);
    const cd = shown === '.' ? [] : [`cd ${shown}`];
    const lines = [...cd, 'npm install', 'npx ca ls', 'npx ca lint', 'npx ca test        # the session tests, with mocks.yaml'];
    this.note(`\nnext:\n${lines.map((line) => `  ${line}`).join('\n')}`);
    return result;
  }
}
