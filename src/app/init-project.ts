import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT, UserError } from '../core/errors.js';
import type { InitResult } from '../core/results.js';
import { packCa } from '../packaging/pack-ca.js';
import { CA_VERSION } from './ca-version.js';

export const TEMPLATES = ['support', 'research', 'minimal'] as const;
export type TemplateName = (typeof TEMPLATES)[number];

/**
 * Where the new project gets `composable-agents` from. `tarball` (the default until the package is
 * on the npm registry): the running ca, packed into vendor/ and named as `file:vendor/….tgz`, so
 * `npm install` and `npm ci` work offline and for every teammate who clones the project.
 * `registry`: a `^version` range, for when the package is published.
 */
export const CA_DEPENDENCY_SOURCES = ['tarball', 'registry'] as const;
export type CaDependencySource = (typeof CA_DEPENDENCY_SOURCES)[number];

/** Where the packed ca goes, relative to the project. */
const VENDOR = 'vendor';

// Shipped in the package beside dist/: templates/init/<name>/ and the Slim CI workflow.
const TEMPLATES_ROOT = fileURLToPath(new URL('../../templates/', import.meta.url));

/** Files whose `{{name}}`, `{{caVersion}}` and `{{caDependency}}` are filled in. */
const FILLED = ['package.json', 'README.md'];

/** Folders that may already be there: a fresh `git init`, an editor's settings. */
const IGNORABLE = new Set(['.git', '.DS_Store', '.idea', '.vscode']);

/**
 * `ca init [DIR] --template T`: a working project from templates/init/T, plus the Slim CI lint
 * workflow. Refuses a folder with anything in it unless `force` (then template files overwrite
 * theirs and everything else is left alone).
 */
export async function initProject(options: { dir: string; template: TemplateName; force?: boolean; cwd?: string; caDependency?: CaDependencySource }): Promise<InitResult> {
  const target = path.resolve(options.cwd ?? process.cwd(), options.dir);
  const source = path.join(TEMPLATES_ROOT, 'init', options.template);
  if (!existsSync(source)) throw new Error(`template ${options.template} is missing from ${TEMPLATES_ROOT}`);
  const present = existsSync(target) ? readdirSync(target).filter((entry) => !IGNORABLE.has(entry)) : [];
  if (present.length > 0 && !options.force) {
    throw new UserError('init-not-empty', `${options.dir} is not empty (${present.slice(0, 3).join(', ')}${present.length > 3 ? ', …' : ''})`, {
      hint: 'pick a new folder (ca init my-agents), or pass --force to write the template over it',
      exitCode: EXIT.usage,
    });
  }
  mkdirSync(target, { recursive: true });
  cpSync(source, target, { recursive: true, force: true });
  // npm drops .gitignore files from published packages, so the template keeps it without the dot.
  if (existsSync(path.join(target, 'gitignore'))) renameSync(path.join(target, 'gitignore'), path.join(target, '.gitignore'));
  const workflows = path.join(target, '.github', 'workflows');
  mkdirSync(workflows, { recursive: true });
  cpSync(path.join(TEMPLATES_ROOT, 'github', 'ca-lint.yml'), path.join(workflows, 'ca-lint.yml'));

  const warnings: string[] = [];
  let caDependency = `^${CA_VERSION}`;
  if ((options.caDependency ?? 'tarball') === 'tarball') {
    try {
      const packed = await packCa(path.join(target, VENDOR));
      caDependency = `file:${VENDOR}/${path.basename(packed.file)}`;
    } catch (error) {
      warnings.push(`could not pack this ca into ${VENDOR}/ (${error instanceof Error ? error.message : String(error)}), so package.json asks the npm registry for composable-agents ${caDependency}`);
    }
  }

  const name = packageName(path.basename(target));
  for (const file of FILLED) {
    const at = path.join(target, file);
    if (!existsSync(at)) continue;
    writeFileSync(at, readFileSync(at, 'utf8').replaceAll('{{name}}', name).replaceAll('{{caVersion}}', CA_VERSION).replaceAll('{{caDependency}}', caDependency));
  }
  return {
    dir: target,
    template: options.template,
    name,
    files: listFiles(target).filter((file) => !present.includes(file.split('/')[0]!) || FILLED.includes(file)),
    caDependency,
    warnings,
  };
}

/** A valid npm package name from a folder name. */
function packageName(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|-+$/g, '');
  return name || 'my-agents';
}

function listFiles(root: string, prefix = ''): string[] {
  return readdirSync(path.join(root, prefix), { withFileTypes: true })
    .filter((entry) => entry.name !== 'node_modules' && entry.name !== '.git')
    .flatMap((entry) => {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      return entry.isDirectory() ? listFiles(root, relative) : [relative];
    })
    .sort();
}
