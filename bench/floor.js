#!/usr/bin/env node
// The floor for any lister: Node start-up plus reading every file under <project>/src once.
//   node bench/floor.js <project>   → { files, bytes }
import fs from 'node:fs';
import path from 'node:path';
import { walkFiles } from './support/walk.js';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node bench/floor.js <project>');
  process.exit(2);
}
let bytes = 0;
const files = walkFiles(path.resolve(dir, 'src'));
for (const file of files) bytes += fs.readFileSync(file).length;
console.log(JSON.stringify({ files: files.length, bytes }));
