/**
 * Which palette actions match what was typed: every word of the query must occur in the action's
 * label, description or keywords, ignoring case and accents ("acao" finds "Ação"). Groups keep their
 * order and drop out when nothing in them matches; inside a group, actions whose label matches come
 * before those found only by description or keywords.
 */
import { foldText } from '../../../shared/search/normalize';

export interface PaletteEntry {
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly keywords?: readonly string[];
}

export interface PaletteEntryGroup<T extends PaletteEntry> {
  /** Absent: the actions are listed without a heading. */
  readonly label?: string;
  readonly actions: readonly T[];
}

const wordsOf = (query: string): string[] => foldText(query).split(/\s+/).filter((word) => word !== '');

/** The groups with only the matching actions, at most `limit` actions in all. */
export function filterPalette<T extends PaletteEntry>(groups: readonly PaletteEntryGroup<T>[], query: string, limit = Infinity): PaletteEntryGroup<T>[] {
  const words = wordsOf(query);
  let left = limit;
  const result: PaletteEntryGroup<T>[] = [];
  for (const group of groups) {
    if (left <= 0) break;
    const byLabel: T[] = [];
    const byOther: T[] = [];
    for (const action of group.actions) {
      const label = foldText(action.label);
      const all = [label, foldText(action.description ?? ''), ...(action.keywords ?? []).map(foldText)].join(' ');
      if (!words.every((word) => all.includes(word))) continue;
      (words.every((word) => label.includes(word)) ? byLabel : byOther).push(action);
    }
    const actions = [...byLabel, ...byOther].slice(0, left);
    left -= actions.length;
    if (actions.length > 0) result.push({ ...(group.label === undefined ? {} : { label: group.label }), actions });
  }
  return result;
}
