// The build: dist/ from src/ (tsc), the oclif manifest, and the graph page's browser script.
// `--no-check` emits without type-checking: `npm test` runs the type check beside it (scripts/checks.js),
// over src and test together, so checking src twice would only cost time.
// Usage: node scripts/build.js [--no-check]   (npm run build)
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const run = (file, args) => execFileSync(process.execPath, [file, ...args], { cwd: root, stdio: 'inherit' });

rmSync(path.join(root, 'dist'), { recursive: true, force: true });
run(path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), ['-p', 'tsconfig.build.json', ...(process.argv.includes('--no-check') ? ['--noCheck'] : [])]);
run(path.join(root, 'scripts', 'oclif-manifest.js'), []);
run(path.join(root, 'scripts', 'build-graph-page.js'), []);
