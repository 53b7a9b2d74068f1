// The TypeScript compiler API that ts-morph bundles, loaded through require(). An ESM import of
// the CommonJS ts-morph package would first have Node scan its source for export names, which
// costs about 80 ms on every cold scan; this CommonJS module avoids that.
import { ts } from 'ts-morph';

export = ts;
