import fs from 'node:fs';
import path from 'node:path';

/** Every file under `dir` (recursively, sorted, node_modules skipped), as absolute paths. */
export function walkFiles(dir, keep = () => true) {
  const out = [];
  const visit = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') visit(full);
      } else if (entry.isFile() && keep(full)) out.push(full);
    }
  };
  visit(dir);
  return out;
}
