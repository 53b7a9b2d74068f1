import { reasoner, tool } from 'composable-agents';
import { z } from 'zod';

// A stand-in for your search API and document store: replace the bodies with real calls.
const CORPUS = [
  { id: 'doc-1', title: 'Choosing a vector database', text: 'Compare recall, latency and cost; start with pgvector if you already run Postgres.' },
  { id: 'doc-2', title: 'Approximate nearest neighbours', text: 'HNSW trades memory for speed; IVF indexes trade recall for size.' },
  { id: 'doc-3', title: 'Hybrid search', text: 'Combining keyword and vector scores improves relevance on short queries.' },
];

export const searchSources = tool({
  name: 'search_sources',
  description: 'Finds documents about a topic',
  effect: 'read',
  idempotent: true,
  tags: ['research'],
  input: z.object({ topic: z.string().min(2), limit: z.number().int().min(1).max(10).default(3) }),
  run: async ({ topic, limit }) => {
    const words = topic.toLowerCase().split(/\s+/);
    const hits = CORPUS.filter((doc) => words.some((word) => `${doc.title} ${doc.text}`.toLowerCase().includes(word)));
    return { ids: (hits.length > 0 ? hits : CORPUS).slice(0, limit).map((doc) => doc.id) };
  },
});

export const fetchSource = tool({
  name: 'fetch_source',
  description: 'Fetches one document by id',
  effect: 'read',
  idempotent: true,
  tags: ['research'],
  input: z.object({ id: z.string() }),
  run: async ({ id }) => {
    const doc = CORPUS.find((d) => d.id === id);
    if (!doc) throw new Error(`no document ${id}`);
    return doc;
  },
});

export const summarizeSources = reasoner({
  name: 'summarize_sources',
  description: 'Writes a short brief from documents, citing them',
  model: 'openai:gpt-4o-mini',
  system: 'Write a three-sentence brief on the topic from the documents only. Cite document ids.',
  output: z.object({ brief: z.string(), citations: z.array(z.string()) }),
});
