import picomatch from 'picomatch';

/** fnmatch-style matching as dbt does it: `*`, `?`, `[a-z]`; a value without those is an exact match. */
export function globMatcher(pattern: string): (text: string) => boolean {
  if (!isGlob(pattern)) return (text) => text === pattern;
  return picomatch(pattern, { dot: true, nobrace: true, noextglob: true, bash: true });
}

/** Whether a selector value holds glob characters (else it matches exactly). */
export function isGlob(pattern: string): boolean {
  return /[*?[\]]/.test(pattern);
}
