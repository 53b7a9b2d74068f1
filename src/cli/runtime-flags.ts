import { Flags } from '@oclif/core';

/** `--mock FILE`, the same on every verb that runs project code (run, chat, trigger). */
export const mockFlag = {
  mock: Flags.string({ summary: 'YAML or JSON file of model answers by reasoner and agent name: runs with no API key.' }),
};
