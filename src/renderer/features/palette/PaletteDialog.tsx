/**
 * A palette: Mantine Spotlight's dialog (Spotlight.Root: modal, shortcut, focus) and search field, with
 * our own result list in the ARIA combobox pattern. The search field is the combobox; the results are a
 * listbox of options, the current one named by aria-activedescendant, so focus stays in the field while
 * ↑/↓ move and Enter runs. A long list scrolls, so the listbox is focusable too (a keyboard user can
 * Tab to it and scroll; axe: scrollable-region-focusable) and takes the same keys, plus Home/End.
 * (Spotlight.ActionsList would wrap the results in a ScrollArea whose viewport cannot take focus, and
 * Spotlight.Action drops the id an option needs; the options here wear Spotlight's classes instead.)
 */
import { Box, Highlight, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { Spotlight, useSpotlight, type createSpotlight } from '@mantine/spotlight';
import { useEffect, useId, useMemo, useState, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';
import { filterPalette, type PaletteEntry, type PaletteEntryGroup } from './palette-filter';

export interface PaletteAction extends PaletteEntry {
  readonly leftSection?: ReactNode;
  readonly rightSection?: ReactNode;
  /** Runs after the palette closed. */
  readonly onTrigger: () => void;
}

export type PaletteGroup = PaletteEntryGroup<PaletteAction>;

interface PaletteDialogProps {
  /** From createSpotlight(): the palette's own store and its open/close. */
  readonly spotlight: ReturnType<typeof createSpotlight>;
  /** e.g. `mod + K`; null: opened by code only. */
  readonly shortcut: string | null;
  /** The dialog's and the search field's accessible name. */
  readonly label: string;
  readonly placeholder: string;
  readonly nothingFound: string;
  readonly groups: readonly PaletteGroup[];
  readonly limit?: number;
  readonly searchIcon?: ReactNode;
}

/** The dialog's name is a hidden title (axe: aria-dialog-name); its header takes no room. */
const NAMELESS_HEADER = { header: { minHeight: 0, padding: 0 } } as const;

export function PaletteDialog({ spotlight, shortcut, label, placeholder, nothingFound, groups, limit, searchIcon }: PaletteDialogProps) {
  const [store, { close }] = spotlight;
  const [query, setQuery] = useState('');
  // The index of the current option among the visible ones; -1: none yet (Enter does nothing). A
  // fresh palette has none (closing clears the query, which resets it); typing chooses the first match.
  const [selected, setSelected] = useState(-1);
  const listId = `palette-${useId().replace(/:/g, '')}`;
  // Closed, it filters nothing: its groups change with every page of articles a first sync brings.
  const { opened } = useSpotlight(store);
  const visible = useMemo(() => (opened ? filterPalette(groups, query, limit) : []), [opened, groups, query, limit]);
  const options = useMemo(() => visible.flatMap((group) => group.actions), [visible]);
  const optionId = (index: number): string => `${listId}-option-${String(index)}`;
  const current = selected >= 0 && selected < options.length ? selected : -1;

  useEffect(() => {
    if (current >= 0) document.getElementById(optionId(current))?.scrollIntoView({ block: 'nearest' });
    // optionId only depends on listId, which never changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current]);

  const run = (action: PaletteAction): void => {
    // Closing hands focus back first, so the action's own focus moves win.
    window.setTimeout(action.onTrigger, 0);
  };
  const move = (to: number): void => {
    if (options.length === 0) return;
    setSelected(((to % options.length) + options.length) % options.length);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLElement>, withHomeEnd: boolean): void => {
    const keys: Record<string, (() => void) | undefined> = {
      ArrowDown: () => {
        move(current + 1);
      },
      ArrowUp: () => {
        move(current < 0 ? options.length - 1 : current - 1);
      },
      Enter: () => {
        // A click closes the palette and runs the action, as a mouse click would.
        if (current >= 0) document.getElementById(optionId(current))?.click();
      },
      ...(withHomeEnd
        ? {
            Home: () => {
              move(0);
            },
            End: () => {
              move(options.length - 1);
            },
          }
        : {}),
    };
    const handle = keys[event.key];
    if (handle === undefined || event.nativeEvent.isComposing) return;
    event.preventDefault();
    handle();
  };

  // Where each group's options start in the flat list of options.
  const starts = visible.map((_, groupIndex) => visible.slice(0, groupIndex).reduce((count, group) => count + group.actions.length, 0));
  return (
    <Spotlight.Root
      store={store}
      shortcut={shortcut}
      query={query}
      onQueryChange={(value) => {
        setQuery(value);
        setSelected(value.trim() === '' ? -1 : 0);
      }}
      title={<VisuallyHidden>{label}</VisuallyHidden>}
      styles={NAMELESS_HEADER}
    >
      <Spotlight.Search
        leftSection={searchIcon}
        placeholder={placeholder}
        aria-label={label}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={options.length > 0}
        aria-controls={listId}
        {...(current >= 0 ? { 'aria-activedescendant': optionId(current) } : {})}
        onKeyDown={(event) => {
          onKeyDown(event, false);
        }}
      />
      {options.length === 0 ? (
        <Spotlight.Empty role="status">{nothingFound}</Spotlight.Empty>
      ) : (
        <Box
          id={listId}
          role="listbox"
          aria-label={label}
          tabIndex={0}
          {...(current >= 0 ? { 'aria-activedescendant': optionId(current) } : {})}
          className={Spotlight.classes.actionsList}
          style={{ overflowY: 'auto' }}
          onKeyDown={(event) => {
            onKeyDown(event, true);
          }}
        >
          {visible.map((group, groupIndex) => {
            const labelId = `${listId}-group-${String(groupIndex)}`;
            return (
              <div key={group.label ?? groupIndex} role="group" {...(group.label === undefined ? {} : { 'aria-labelledby': labelId })}>
                {group.label !== undefined && (
                  <Text id={labelId} component="div" aria-hidden size="xs" fw={700} tt="uppercase" c="gray.7" px="md" pt="sm" pb={4}>
                    {group.label}
                  </Text>
                )}
                {group.actions.map((action, actionIndex) => {
                  const position = (starts[groupIndex] ?? 0) + actionIndex;
                  return (
                    <PaletteOption
                      key={action.id}
                      id={optionId(position)}
                      action={action}
                      query={query}
                      current={position === current}
                      onRun={() => {
                        close();
                        run(action);
                      }}
                    />
                  );
                })}
              </div>
            );
          })}
        </Box>
      )}
    </Spotlight.Root>
  );
}

const classes = Spotlight.classes;
/** Spotlight dims the current option's description to 70 %, under WCAG AA contrast on the filled colour: keep it opaque. */
const OPAQUE_DESCRIPTION = { '--action-description-opacity': '1' } as CSSProperties;

interface PaletteOptionProps {
  readonly id: string;
  readonly action: PaletteAction;
  readonly query: string;
  readonly current: boolean;
  readonly onRun: () => void;
}

/** One option, looking like a Spotlight action; never focused itself (the field or the list keeps focus). */
function PaletteOption({ id, action, query, current, onRun }: PaletteOptionProps) {
  return (
    <UnstyledButton
      id={id}
      role="option"
      aria-selected={current}
      data-action-id={action.id}
      tabIndex={-1}
      className={classes.action}
      style={OPAQUE_DESCRIPTION}
      {...(current ? { 'data-selected': true } : {})}
      onMouseDown={(event) => {
        // Keep focus where it is (the search field): the click still runs the option.
        event.preventDefault();
      }}
      onClick={onRun}
    >
      {action.leftSection !== undefined && (
        <Box component="span" className={classes.actionSection} mod={{ position: 'left', dimmed: true }}>
          {action.leftSection}
        </Box>
      )}
      <span className={classes.actionBody}>
        <Highlight component="span" highlight={query} className={classes.actionLabel}>
          {action.label}
        </Highlight>
        {action.description !== undefined && <span className={classes.actionDescription}>{action.description}</span>}
      </span>
      {action.rightSection !== undefined && (
        <Box component="span" className={classes.actionSection} mod={{ position: 'right', dimmed: true }}>
          {action.rightSection}
        </Box>
      )}
    </UnstyledButton>
  );
}
