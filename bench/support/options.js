// A bench script's settings from the environment, and its way out when one is wrong.

/** `fail(message)` prints `bench/<script>: message` and exits 2; `posInt(name, fallback, min)` reads an integer variable (underscores allowed). */
export function benchOptions(script) {
  function fail(message) {
    console.error(`bench/${script}: ${message}`);
    process.exit(2);
  }
  function posInt(name, fallback, min = 1) {
    const raw = process.env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < min) fail(`${name} must be an integer ≥ ${min}, got "${raw}"`);
    return n;
  }
  return { fail, posInt };
}
