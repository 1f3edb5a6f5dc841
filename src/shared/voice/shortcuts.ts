/**
 * Global keyboard shortcuts to answer and hang up calls while another application has the focus.
 * The renderer chooses them, main registers them with the OS; both sides use the rules below, so an
 * accelerator main receives is one Electron accepts and one that cannot take over ordinary typing.
 *
 * Grammar (Electron's Accelerator): modifiers and exactly one key joined by `+`, case-insensitive.
 */

export const CALL_SHORTCUT_ACTIONS = ['answer', 'hangup'] as const;
export type CallShortcutAction = (typeof CALL_SHORTCUT_ACTIONS)[number];

/** The accelerator of each action, or null when the agent wants none. */
export type CallShortcuts = { readonly [A in CallShortcutAction]: string | null };

/** registered: it works; off: none chosen; unavailable: the OS or another application holds it. */
export type ShortcutStatus = 'registered' | 'off' | 'unavailable';
export type CallShortcutsResult = { readonly [A in CallShortcutAction]: ShortcutStatus };

export const NO_CALL_SHORTCUTS: CallShortcuts = { answer: null, hangup: null };

/** Stable reasons, each a locale key under `desktop.shortcutError.`. */
export type AcceleratorError = 'invalid' | 'needs_modifier' | 'not_allowed' | 'duplicate';

export type ParsedAccelerator = { readonly ok: true; readonly accelerator: string } | { readonly ok: false; readonly error: Exclude<AcceleratorError, 'duplicate'> };

const ACCELERATOR_MAX = 64;

/** Canonical modifier for each spelling, in the order the canonical form lists them. */
const MODIFIERS: readonly (readonly [canonical: string, spellings: readonly string[]])[] = [
  ['CommandOrControl', ['commandorcontrol', 'cmdorctrl']],
  ['Command', ['command', 'cmd']],
  ['Control', ['control', 'ctrl']],
  ['Alt', ['alt', 'option']],
  ['AltGr', ['altgr']],
  ['Shift', ['shift']],
  ['Super', ['super', 'meta']],
];
const MODIFIER_BY_SPELLING = new Map(MODIFIERS.flatMap(([canonical, spellings]) => spellings.map((spelling) => [spelling, canonical] as const)));
const MODIFIER_ORDER = MODIFIERS.map(([canonical]) => canonical);

const NAMED_KEYS = [
  'Plus', 'Space', 'Tab', 'Backspace', 'Delete', 'Insert', 'Return', 'Up', 'Down', 'Left', 'Right', 'Home', 'End',
  'PageUp', 'PageDown', 'Escape', 'PrintScreen',
  'num0', 'num1', 'num2', 'num3', 'num4', 'num5', 'num6', 'num7', 'num8', 'num9', 'numdec', 'numadd', 'numsub', 'nummult', 'numdiv',
];
/** Keys a call shortcut may use alone: they type nothing (function keys, a headset's media buttons). */
const STANDALONE_KEYS = ['MediaPlayPause', 'MediaNextTrack', 'MediaPreviousTrack', 'MediaStop'];
/** Keys that are valid accelerators but must not become global call shortcuts (they belong to the OS). */
const REFUSED_KEYS = ['Capslock', 'Numlock', 'Scrolllock', 'VolumeUp', 'VolumeDown', 'VolumeMute'];
const KEY_ALIASES: Readonly<Record<string, string>> = { enter: 'Return', esc: 'Escape' };
const PUNCTUATION = new Set([')', '!', '@', '#', '$', '%', '^', '&', '*', '(', ':', ';', '=', '<', ',', '_', '-', '>', '.', '?', '/', '~', '`', '{', ']', '[', '|', '\\', '}', '"']);

const KEY_BY_SPELLING = new Map([...NAMED_KEYS, ...STANDALONE_KEYS, ...REFUSED_KEYS].map((key) => [key.toLowerCase(), key] as const));

/** The canonical key for one spelling, or null when Electron has no such key. */
function canonicalKey(token: string): string | null {
  const lower = token.toLowerCase();
  if (/^[a-z0-9]$/.test(lower)) return lower.toUpperCase();
  if (PUNCTUATION.has(token)) return token;
  const fn = /^f([1-9]|1[0-9]|2[0-4])$/.exec(lower);
  if (fn !== null) return `F${fn[1] ?? ''}`;
  return KEY_ALIASES[lower] ?? KEY_BY_SPELLING.get(lower) ?? null;
}

/** Splits on `+`, where a `+` right after a separator (or at the very end) is the key `Plus`. */
function tokens(text: string): string[] | null {
  const parts = text.split('+');
  // "Ctrl++" splits to ["Ctrl", "", ""]: the trailing pair is the key "+".
  if (parts.length >= 3 && parts.at(-1) === '' && parts.at(-2) === '') return [...parts.slice(0, -2), 'Plus'];
  return parts.every((part) => part !== '') ? parts : null;
}

/** An accelerator split into its canonical parts: modifiers in canonical order, then the key. */
export interface AcceleratorParts {
  readonly modifiers: readonly string[];
  readonly key: string;
}

/**
 * The canonical parts of an accelerator Electron could parse (known modifiers without repeats,
 * exactly one key), or null. No call-shortcut rules: `A` alone splits fine (for display).
 */
export function acceleratorParts(input: string): AcceleratorParts | null {
  const text = input.replace(/\s+/g, '');
  if (text === '' || text.length > ACCELERATOR_MAX) return null;
  const parts = tokens(text);
  if (parts === null) return null;
  const modifiers = new Set<string>();
  for (const part of parts.slice(0, -1)) {
    const modifier = MODIFIER_BY_SPELLING.get(part.toLowerCase());
    if (modifier === undefined || modifiers.has(modifier)) return null;
    modifiers.add(modifier);
  }
  const key = canonicalKey(parts.at(-1) ?? '');
  if (key === null) return null;
  return { modifiers: MODIFIER_ORDER.filter((modifier) => modifiers.has(modifier)), key };
}

/**
 * Checks and canonicalises an accelerator for a global call shortcut: known modifiers without
 * repeats, exactly one key, and a modifier other than Shift unless the key types nothing.
 */
export function parseAccelerator(input: string): ParsedAccelerator {
  const parts = acceleratorParts(input);
  if (parts === null) return { ok: false, error: 'invalid' };
  const { modifiers, key } = parts;
  if (REFUSED_KEYS.includes(key)) return { ok: false, error: 'not_allowed' };
  const typesNothing = /^F\d+$/.test(key) || STANDALONE_KEYS.includes(key);
  const realModifier = modifiers.some((modifier) => modifier !== 'Shift');
  if (!typesNothing && !realModifier) return { ok: false, error: 'needs_modifier' };
  return { ok: true, accelerator: [...modifiers, key].join('+') };
}

/** Why a set of call shortcuts cannot be used, per action (empty when it can). */
export function callShortcutProblems(shortcuts: CallShortcuts): Partial<Record<CallShortcutAction, AcceleratorError>> {
  const problems: Partial<Record<CallShortcutAction, AcceleratorError>> = {};
  const seen = new Map<string, CallShortcutAction>();
  for (const action of CALL_SHORTCUT_ACTIONS) {
    const value = shortcuts[action];
    if (value === null) continue;
    const parsed = parseAccelerator(value);
    if (!parsed.ok) {
      problems[action] = parsed.error;
      continue;
    }
    if (seen.has(parsed.accelerator)) problems[action] = 'duplicate';
    seen.set(parsed.accelerator, action);
  }
  return problems;
}

/** The call shortcuts with each accelerator in canonical form (only for shortcuts without problems). */
export function canonicalCallShortcuts(shortcuts: CallShortcuts): CallShortcuts {
  const canonical = (value: string | null): string | null => {
    if (value === null) return null;
    const parsed = parseAccelerator(value);
    return parsed.ok ? parsed.accelerator : null;
  };
  return { answer: canonical(shortcuts.answer), hangup: canonical(shortcuts.hangup) };
}

/** The IPC payload check: exactly the two actions, each null or a usable accelerator, no two alike. */
export function isCallShortcuts(payload: unknown): payload is CallShortcuts {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return false;
  const keys = Object.keys(payload);
  if (keys.length !== CALL_SHORTCUT_ACTIONS.length || !CALL_SHORTCUT_ACTIONS.every((action) => keys.includes(action))) return false;
  const record = payload as Record<string, unknown>;
  const values = CALL_SHORTCUT_ACTIONS.map((action) => record[action]);
  if (!values.every((value) => value === null || typeof value === 'string')) return false;
  return Object.keys(callShortcutProblems(payload as CallShortcuts)).length === 0;
}

export function isCallShortcutAction(value: unknown): value is CallShortcutAction {
  return typeof value === 'string' && (CALL_SHORTCUT_ACTIONS as readonly string[]).includes(value);
}
