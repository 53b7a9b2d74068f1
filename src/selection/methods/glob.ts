import picomatch from 'picomatch';

/** fnmatch-style matching as dbt does it: `*`, `?`, `[a-z]`; a value without those is an exact match. */
export function globMatcher(pattern: string): (text: string) => boolean {
  if (!/[*?[\]]/.test(pattern)) return (text) => text === pattern;
  return picomatch(pattern, { dot: true, nobrace: true, noextglob: true, bash: true });
}
