// @vitest-environment happy-dom
/**
 * The palette's keyboard model (ARIA combobox + listbox): ↑/↓ from the search field move the current
 * option (aria-activedescendant, aria-selected), Enter runs it and closes the palette, typing filters
 * and chooses the first match; the listbox is focusable and takes the same keys plus Home/End.
 */
import { MantineProvider } from '@mantine/core';
import { createSpotlight } from '@mantine/spotlight';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PaletteDialog, type PaletteGroup } from '../../../../src/renderer/features/palette/PaletteDialog';

afterEach(cleanup);

function setup() {
  const spotlight = createSpotlight();
  const [, palette] = spotlight;
  const ran: string[] = [];
  const action = (id: string, label: string, description?: string) => ({
    id,
    label,
    ...(description === undefined ? {} : { description }),
    onTrigger: vi.fn(() => {
      ran.push(id);
    }),
  });
  const groups: PaletteGroup[] = [
    { label: 'Ticket', actions: [action('reply', 'Reply', 'Write to the customer'), action('note', 'Internal note')] },
    { label: 'Queue', actions: [action('next', 'Next ticket'), action('help', 'Keyboard shortcuts')] },
  ];
  render(
    <MantineProvider env="test">
      <PaletteDialog spotlight={spotlight} shortcut={null} label="Command palette" placeholder="Type a command" nothingFound="Nothing found" groups={groups} />
    </MantineProvider>,
  );
  act(() => {
    palette.open();
  });
  const search = screen.getByRole('combobox', { name: 'Command palette' });
  const current = () => {
    const id = search.getAttribute('aria-activedescendant');
    return id === null ? null : document.getElementById(id)?.textContent ?? null;
  };
  return { search, current, ran, palette };
}

const key = (target: Element, name: string) => {
  fireEvent.keyDown(target, { key: name, code: name });
};

describe('PaletteDialog', () => {
  it('moves through the options with the arrows, wrapping, and runs the current one with Enter', async () => {
    const { search, current, ran } = setup();
    expect(search.getAttribute('aria-expanded')).toBe('true');
    expect(current()).toBeNull();
    key(search, 'ArrowDown');
    expect(current()).toContain('Reply');
    key(search, 'ArrowDown');
    key(search, 'ArrowDown');
    expect(current()).toContain('Next ticket');
    expect(screen.getByRole('option', { name: /Next ticket/ }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getAllByRole('option', { selected: true })).toHaveLength(1);
    key(search, 'ArrowUp');
    expect(current()).toContain('Internal note');
    key(search, 'ArrowUp');
    key(search, 'ArrowUp');
    expect(current()).toContain('Keyboard shortcuts');
    key(search, 'Enter');
    await waitFor(() => {
      expect(ran).toEqual(['help']);
    });
    await waitFor(() => {
      expect(screen.queryByRole('combobox', { name: 'Command palette' })).toBeNull();
    });
  });

  it('filters as you type, choosing the first match, and says when nothing matches', () => {
    const { search, current } = setup();
    fireEvent.change(search, { target: { value: 'customer' } });
    expect(screen.getAllByRole('option').map((option) => option.textContent)).toEqual([expect.stringContaining('Reply')]);
    expect(current()).toContain('Reply');
    fireEvent.change(search, { target: { value: 'zzz' } });
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('Nothing found');
    expect(search.getAttribute('aria-expanded')).toBe('false');
  });

  it('lets the listbox take focus and the same keys, plus Home and End; groups are named', async () => {
    const { ran } = setup();
    const list = screen.getByRole('listbox', { name: 'Command palette' });
    expect(list.tabIndex).toBe(0);
    expect(screen.getByRole('group', { name: 'Queue' })).toBeDefined();
    key(list, 'End');
    expect(list.getAttribute('aria-activedescendant')).toBe(screen.getByRole('option', { name: /Keyboard shortcuts/ }).id);
    key(list, 'Home');
    key(list, 'ArrowDown');
    key(list, 'Enter');
    await waitFor(() => {
      expect(ran).toEqual(['note']);
    });
  });
});
