/**
 * Recording and showing call shortcuts: a key press (the fields of a DOM KeyboardEvent) becomes an
 * Electron accelerator, and an accelerator is shown in the notation of the agent's OS (Ctrl+Shift+A,
 * ⌘⇧A). Whether the recorded keys may be a call shortcut is for `callShortcutProblems` to say.
 */
import { acceleratorParts } from './shortcuts';

/** macOS shows modifier symbols without separators; Windows and Linux name the keys, joined by `+`. */
export type KeyboardPlatform = 'mac' | 'windows' | 'linux';

/** What the recorder reads of a KeyboardEvent (structurally one, so the DOM event can be passed as is). */
export interface KeyPress {
  readonly key: string;
  readonly code: string;
  readonly ctrlKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
  readonly metaKey: boolean;
}

export type RecordedKeys =
  /** A whole combination, canonical; it may still break the call-shortcut rules (e.g. `A` alone). */
  | { readonly kind: 'accelerator'; readonly accelerator: string }
  /** Only modifiers held so far (canonical names): the combination is not finished. */
  | { readonly kind: 'modifiers'; readonly modifiers: readonly string[] }
  /** Backspace or Delete alone: no shortcut. */
  | { readonly kind: 'clear' }
  /** Escape alone: stop recording, keep what was there. */
  | { readonly kind: 'cancel' }
  /** Tab or Shift+Tab: moves the focus, never recorded (the recorder must not trap it). */
  | { readonly kind: 'pass' }
  /** A key no accelerator can name (dead keys, IME, keys of other layouts without a US position). */
  | { readonly kind: 'unsupported' };

/** The key values of modifier keys themselves (pressing one alone starts a combination). */
const MODIFIER_KEY_VALUES = new Set(['Control', 'Shift', 'Alt', 'AltGraph', 'Meta', 'OS', 'Super', 'Hyper', 'Fn', 'FnLock', 'Symbol', 'SymbolLock']);

/** KeyboardEvent.key → accelerator key, for keys that type no character. */
const NAMED_KEYS: Readonly<Record<string, string>> = {
  ' ': 'Space',
  Enter: 'Return',
  Escape: 'Escape',
  Tab: 'Tab',
  Backspace: 'Backspace',
  Delete: 'Delete',
  Insert: 'Insert',
  Home: 'Home',
  End: 'End',
  PageUp: 'PageUp',
  PageDown: 'PageDown',
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  PrintScreen: 'PrintScreen',
  MediaPlayPause: 'MediaPlayPause',
  MediaTrackNext: 'MediaNextTrack',
  MediaTrackPrevious: 'MediaPreviousTrack',
  MediaStop: 'MediaStop',
  AudioVolumeUp: 'VolumeUp',
  AudioVolumeDown: 'VolumeDown',
  AudioVolumeMute: 'VolumeMute',
  CapsLock: 'Capslock',
  NumLock: 'Numlock',
  ScrollLock: 'Scrolllock',
};

/** KeyboardEvent.code → accelerator key: the numeric keypad, and punctuation by its US-layout position. */
const KEYS_BY_CODE: Readonly<Record<string, string>> = {
  NumpadDecimal: 'numdec',
  NumpadAdd: 'numadd',
  NumpadSubtract: 'numsub',
  NumpadMultiply: 'nummult',
  NumpadDivide: 'numdiv',
  NumpadEnter: 'Return',
  Space: 'Space',
  Minus: '-',
  Equal: '=',
  BracketLeft: '[',
  BracketRight: ']',
  Backslash: '\\',
  Semicolon: ';',
  Comma: ',',
  Period: '.',
  Slash: '/',
  Backquote: '`',
};

/** The accelerator key of a press, or null when none names it. */
function keyOf(press: KeyPress): string | null {
  const named = NAMED_KEYS[press.key];
  if (named !== undefined) return named;
  if (/^F([1-9]|1[0-9]|2[0-4])$/.test(press.key)) return press.key;
  // The letter the layout prints on the key (AZERTY's A is where QWERTY has Q), as Electron maps it.
  if (/^[a-z0-9]$/i.test(press.key) && !press.code.startsWith('Numpad')) return press.key.toUpperCase();
  const numpadDigit = /^Numpad(\d)$/.exec(press.code);
  if (numpadDigit !== null) return `num${numpadDigit[1] ?? ''}`;
  // Shift, Option (macOS) or AltGr change the character; the key's position still names it.
  const letterOrDigit = /^(?:Key([A-Z])|Digit(\d))$/.exec(press.code);
  if (letterOrDigit !== null) return letterOrDigit[1] ?? letterOrDigit[2] ?? null;
  const byCode = KEYS_BY_CODE[press.code];
  if (byCode !== undefined) return byCode;
  if (press.key === '+') return 'Plus';
  // Anything else is accepted only if the accelerator grammar knows it as a key of its own.
  return acceleratorParts(press.key)?.key ?? null;
}

/** The modifiers held, by their accelerator names: the Meta key is Command on macOS and Super elsewhere. */
function modifiersOf(press: KeyPress, platform: KeyboardPlatform): string[] {
  const held: string[] = [];
  if (press.metaKey && platform === 'mac') held.push('Command');
  if (press.ctrlKey) held.push('Control');
  if (press.altKey) held.push('Alt');
  if (press.shiftKey) held.push('Shift');
  if (press.metaKey && platform !== 'mac') held.push('Super');
  return held;
}

/** What one key press means to a shortcut recorder. */
export function recordKeyPress(press: KeyPress, platform: KeyboardPlatform): RecordedKeys {
  const modifiers = modifiersOf(press, platform);
  if (MODIFIER_KEY_VALUES.has(press.key)) return { kind: 'modifiers', modifiers };
  const alone = modifiers.length === 0;
  if (press.key === 'Tab' && !press.ctrlKey && !press.altKey && !press.metaKey) return { kind: 'pass' };
  if (alone && press.key === 'Escape') return { kind: 'cancel' };
  if (alone && (press.key === 'Backspace' || press.key === 'Delete')) return { kind: 'clear' };
  const key = keyOf(press);
  if (key === null) return { kind: 'unsupported' };
  const parts = acceleratorParts([...modifiers, key].join('+'));
  return parts === null ? { kind: 'unsupported' } : { kind: 'accelerator', accelerator: [...parts.modifiers, parts.key].join('+') };
}

/** Modifier labels per platform, in the order each platform lists them. */
const MAC_MODIFIERS: readonly (readonly [string, string])[] = [
  ['Control', '⌃'],
  ['Alt', '⌥'],
  ['AltGr', '⌥'],
  ['Shift', '⇧'],
  ['Command', '⌘'],
  ['CommandOrControl', '⌘'],
  ['Super', '⌘'],
];
const PC_MODIFIERS = (superLabel: string): readonly (readonly [string, string])[] => [
  ['Control', 'Ctrl'],
  ['CommandOrControl', 'Ctrl'],
  ['Alt', 'Alt'],
  ['AltGr', 'AltGr'],
  ['Shift', 'Shift'],
  ['Command', 'Cmd'],
  ['Super', superLabel],
];

const MAC_KEYS: Readonly<Record<string, string>> = {
  Return: '↩',
  Backspace: '⌫',
  Delete: '⌦',
  Escape: '⎋',
  Tab: '⇥',
  PageUp: '⇞',
  PageDown: '⇟',
  Home: '↖',
  End: '↘',
};
const PC_KEYS: Readonly<Record<string, string>> = {
  Return: 'Enter',
  Escape: 'Esc',
  PageUp: 'PgUp',
  PageDown: 'PgDn',
  Delete: 'Del',
  Insert: 'Ins',
  PrintScreen: 'PrtSc',
  Capslock: 'CapsLock',
  Numlock: 'NumLock',
  Scrolllock: 'ScrollLock',
};
const COMMON_KEYS: Readonly<Record<string, string>> = {
  Plus: '+',
  Up: '↑',
  Down: '↓',
  Left: '←',
  Right: '→',
  MediaPlayPause: '⏯',
  MediaNextTrack: '⏭',
  MediaPreviousTrack: '⏮',
  MediaStop: '⏹',
  numdec: 'Num .',
  numadd: 'Num +',
  numsub: 'Num -',
  nummult: 'Num *',
  numdiv: 'Num /',
};

/** Words the caller translates (the only key name that is a word in every notation). */
export interface KeyWords {
  readonly space: string;
}

function keyLabel(key: string, platform: KeyboardPlatform, words: KeyWords): string {
  if (key === 'Space') return words.space;
  const numpad = /^num(\d)$/.exec(key);
  if (numpad !== null) return `Num ${numpad[1] ?? ''}`;
  return (platform === 'mac' ? MAC_KEYS[key] : PC_KEYS[key]) ?? COMMON_KEYS[key] ?? key;
}

function modifierLabels(modifiers: readonly string[], platform: KeyboardPlatform): string[] {
  const table = platform === 'mac' ? MAC_MODIFIERS : PC_MODIFIERS(platform === 'windows' ? 'Win' : 'Super');
  const labels: string[] = [];
  for (const [modifier, label] of table) {
    // CommandOrControl and Control are one key on Windows and Linux: show it once.
    if (modifiers.includes(modifier) && !labels.includes(label)) labels.push(label);
  }
  return labels;
}

/** Held modifiers of an unfinished combination, e.g. "Ctrl+Shift+" or "⌃⇧". */
export function formatModifiers(modifiers: readonly string[], platform: KeyboardPlatform): string {
  const labels = modifierLabels(modifiers, platform);
  return platform === 'mac' ? labels.join('') : labels.map((label) => `${label}+`).join('');
}

/** An accelerator in the OS's notation: `Control+Shift+A` → "Ctrl+Shift+A" (Windows, Linux) or "⌃⇧A" (macOS). */
export function formatAccelerator(accelerator: string, platform: KeyboardPlatform, words: KeyWords): string {
  const parts = acceleratorParts(accelerator);
  if (parts === null) return accelerator;
  const labels = [...modifierLabels(parts.modifiers, platform), keyLabel(parts.key, platform, words)];
  return labels.join(platform === 'mac' ? '' : '+');
}

/** The platform from a user agent string (navigator.userAgent): only macOS differs in notation. */
export function keyboardPlatformOf(userAgent: string): KeyboardPlatform {
  if (/Mac|iPhone|iPad/.test(userAgent)) return 'mac';
  return /Windows/.test(userAgent) ? 'windows' : 'linux';
}
