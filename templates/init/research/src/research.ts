import { agent, flow, session } from 'composable-agents';
import { fetchSource, searchSources, summarizeSources } from './sources.js';

export const research = flow({
  name: 'research',
  description: 'Searches, fetches the hits in parallel, and writes a cited brief',
  tags: ['research'],
  uses: [searchSources, fetchSource, summarizeSources],
  run: async (ctx, topic: string) => {
    const { ids } = await ctx.call(searchSources, { topic, limit: 3 }, { retries: 1 });
    const docs = await ctx.map(ids, (id) => ctx.call(fetchSource, { id }, { timeoutMs: 10_000 }), { maxParallel: 4 });
    return ctx.think(summarizeSources, { topic, docs });
  },
});

export const researcher = agent({
  name: 'researcher',
  description: 'Answers research questions with cited briefs',
  tags: ['research'],
  model: 'openai:gpt-4o-mini',
  instructions: 'Answer with a brief from the research flow. Always cite the documents.',
  uses: [research, searchSources],
  approval: 'dangerous',
  budget: { maxRounds: 4, maxTokens: 20_000 },
});

interface Notebook {
  topics: string[];
}

/** Keeps a notebook of the topics researched in this session. */
export const researchNotes = session({
  name: 'research_notes',
  description: 'Researches each message as a topic and keeps the list of topics',
  tags: ['research'],
  uses: [research],
  init: (): Notebook => ({ topics: [] }),
  turn: async (ctx, state: Notebook, message: string) => {
    const { brief, citations } = await ctx.call(research, message);
    return { state: { topics: [...state.topics, message] }, reply: `${brief} [${citations.join(', ')}]` };
  },
});
