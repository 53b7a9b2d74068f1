// Vitest cannot transform `export =` in src/discovery/typescript.cts; under test the same object
// comes through an ESM import. The built CLI (and so every end-to-end test) uses the real file.
import { ts } from 'ts-morph';

export default ts;
