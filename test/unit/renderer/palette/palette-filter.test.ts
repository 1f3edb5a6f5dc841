import { describe, expect, it } from 'vitest';
import { filterPalette, type PaletteEntry } from '../../../../src/renderer/features/palette/palette-filter';

const entry = (id: string, label: string, description?: string, keywords?: readonly string[]): PaletteEntry => ({
  id,
  label,
  ...(description === undefined ? {} : { description }),
  ...(keywords === undefined ? {} : { keywords }),
});

const groups = [
  { label: 'Ticket', actions: [entry('reply', 'Reply', 'Write a reply to the customer'), entry('note', 'Internal note', 'Write a note for the team')] },
  { label: 'Views', actions: [entry('breached', 'Go to “Breached”'), entry('at-risk', 'Ir para “SLA em risco”', undefined, ['ação'])] },
];
const ids = (result: ReturnType<typeof filterPalette>) => result.map((group) => [group.label, group.actions.map((action) => action.id)]);

describe('palette filter', () => {
  it('keeps everything, in order, for an empty query', () => {
    expect(ids(filterPalette(groups, '  '))).toEqual([
      ['Ticket', ['reply', 'note']],
      ['Views', ['breached', 'at-risk']],
    ]);
  });

  it('needs every word, in any field, ignoring case and accents; empty groups drop out', () => {
    expect(ids(filterPalette(groups, 'NOTE team'))).toEqual([['Ticket', ['note']]]);
    expect(ids(filterPalette(groups, 'risco'))).toEqual([['Views', ['at-risk']]]);
    expect(ids(filterPalette(groups, 'acao'))).toEqual([['Views', ['at-risk']]]);
    expect(filterPalette(groups, 'nothing like this')).toEqual([]);
  });

  it('lists label matches before description matches, and stops at the limit', () => {
    const notes = [{ actions: [entry('a', 'Write', 'a reply'), entry('b', 'Reply')] }];
    expect(ids(filterPalette(notes, 'reply'))).toEqual([[undefined, ['b', 'a']]]);
    expect(ids(filterPalette(groups, '', 3))).toEqual([
      ['Ticket', ['reply', 'note']],
      ['Views', ['breached']],
    ]);
  });
});
