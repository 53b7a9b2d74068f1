import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

/**
 * Colour only on a TTY, never under NO_COLOR or TERM=dumb; FORCE_COLOR forces it.
 * (picocolors alone would also colour any CI log, which the spec rules out.)
 */
export function colorsFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Colors {
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  const enabled = !('NO_COLOR' in env && env.NO_COLOR !== '') && (forced || (stream.isTTY === true && env.TERM !== 'dumb'));
  return pc.createColors(enabled);
}
