/** cli-table3 options for ca's tables: no borders, two spaces between columns, so output greps and pipes well. */
export const BORDERLESS_CHARS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
};

export const PLAIN_STYLE = { head: [] as string[], border: [] as string[], 'padding-left': 0, 'padding-right': 0 };

/** cli-table3 pads the last column: trailing spaces are noise in a terminal and in a diff. */
export function trimLines(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}
