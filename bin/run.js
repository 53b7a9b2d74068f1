#!/usr/bin/env node
// oclif checks the Node version against its own engines (>=18) on load, pulling in semver;
// ours (>=20) is enforced by npm at install, so the check is skipped to save start-up time.
process.env.OCLIF_DISABLE_ENGINE_WARNING ??= '1';
const { execute } = await import('@oclif/core');

await execute({ dir: import.meta.url });
