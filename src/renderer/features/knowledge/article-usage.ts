/**
 * How many tickets link each article. The composer inserts article links into replies and notes as
 * Markdown `[title](#/knowledge/<id>)` (article-insert.ts), so the timeline bodies are the record.
 */
import { ARTICLE_HREF_PREFIX } from '../tickets/content-format';

const LINK = new RegExp(`\\]\\(${ARTICLE_HREF_PREFIX.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}([^)\\s]+)\\)`, 'g');

/** The article ids linked from a Markdown body, each once. */
export function linkedArticleIds(markdown: string): string[] {
  const ids = new Set<string>();
  for (const match of markdown.matchAll(LINK)) {
    try {
      ids.add(decodeURIComponent(match[1] ?? ''));
    } catch {
      // A malformed escape is not a link the composer wrote.
    }
  }
  ids.delete('');
  return [...ids];
}

export interface LinkingEntry {
  readonly subjectType: string;
  readonly subjectId: string;
  readonly body?: string;
}

/** Distinct tickets linking each article, from the ticket timeline entries' bodies. */
export function articleUsage(entries: Iterable<LinkingEntry>): Map<string, number> {
  const tickets = new Map<string, Set<string>>();
  for (const entry of entries) {
    if (entry.subjectType !== 'ticket' || entry.body === undefined || !entry.body.includes(ARTICLE_HREF_PREFIX)) continue;
    for (const id of linkedArticleIds(entry.body)) {
      let linking = tickets.get(id);
      if (linking === undefined) {
        linking = new Set();
        tickets.set(id, linking);
      }
      linking.add(entry.subjectId);
    }
  }
  return new Map([...tickets].map(([id, linking]) => [id, linking.size]));
}
