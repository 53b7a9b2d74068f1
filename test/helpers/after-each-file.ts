// Registered for every test file (vitest setupFiles), so the cleanup holds however vitest shares
// modules between files: the helpers' own modules are imported once per worker.
import { afterAll, afterEach } from 'vitest';
import { dropFreshDatabases } from './postgres.js';
import { removeTempDirs } from './temp-project.js';

afterEach(() => removeTempDirs());
afterAll(() => dropFreshDatabases());
