import type { ResultPromise } from 'execa';

/** Resolves with the first stdout line of a child process starting with `prefix`; rejects if the process ends first. */
export function waitForLine(child: ResultPromise, prefix: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split('\n').find((candidate) => candidate.startsWith(prefix));
      if (line === undefined) return;
      child.stdout!.off('data', onData);
      resolve(line);
    };
    child.stdout!.on('data', onData);
    void child.then((result) => reject(new Error(`the child process ended before printing "${prefix}": ${String(result.stderr)}`)));
  });
}
