import { describe, expect, it } from 'vitest';
import { formatAccelerator, formatModifiers, keyboardPlatformOf, recordKeyPress, type KeyPress } from '../../../../src/shared/voice/shortcut-keys';
import { acceleratorParts, callShortcutProblems } from '../../../../src/shared/voice/shortcuts';

const words = { space: 'Space' };

function press(key: string, code: string, held: Partial<Pick<KeyPress, 'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey'>> = {}): KeyPress {
  return { key, code, ctrlKey: false, altKey: false, shiftKey: false, metaKey: false, ...held };
}

describe('recordKeyPress', () => {
  it.each([
    ['Ctrl+Shift+A', press('A', 'KeyA', { ctrlKey: true, shiftKey: true }), 'windows', 'Control+Shift+A'],
    ['Shift then Ctrl, any order of holding', press('a', 'KeyA', { shiftKey: true, ctrlKey: true }), 'linux', 'Control+Shift+A'],
    ['Cmd+Shift+A on macOS', press('a', 'KeyA', { metaKey: true, shiftKey: true }), 'mac', 'Command+Shift+A'],
    ['the Windows key is Super', press('h', 'KeyH', { metaKey: true, altKey: true }), 'windows', 'Alt+Super+H'],
    ['Option changes the character on macOS, not the key', press('å', 'KeyA', { altKey: true, metaKey: true }), 'mac', 'Command+Alt+A'],
    ['AZERTY: the letter printed on the key', press('a', 'KeyQ', { ctrlKey: true, altKey: true }), 'windows', 'Control+Alt+A'],
    ['Cyrillic layout: the key position', press('ф', 'KeyA', { ctrlKey: true }), 'linux', 'Control+A'],
    ['Shift+digit is the digit key', press('!', 'Digit1', { ctrlKey: true, shiftKey: true }), 'windows', 'Control+Shift+1'],
    ['punctuation by position', press('?', 'Slash', { ctrlKey: true, shiftKey: true }), 'windows', 'Control+Shift+/'],
    ['numeric keypad', press('5', 'Numpad5', { ctrlKey: true }), 'windows', 'Control+num5'],
    ['keypad plus', press('+', 'NumpadAdd', { altKey: true }), 'linux', 'Alt+numadd'],
    ['arrow keys', press('ArrowUp', 'ArrowUp', { ctrlKey: true, altKey: true }), 'windows', 'Control+Alt+Up'],
    ['Enter is Return', press('Enter', 'Enter', { ctrlKey: true }), 'linux', 'Control+Return'],
    ['Space', press(' ', 'Space', { ctrlKey: true }), 'windows', 'Control+Space'],
    ['a function key alone', press('F9', 'F9'), 'windows', 'F9'],
    ['a headset button', press('MediaPlayPause', 'MediaPlayPause'), 'linux', 'MediaPlayPause'],
    ['Ctrl+Backspace is a combination, not a clear', press('Backspace', 'Backspace', { ctrlKey: true }), 'windows', 'Control+Backspace'],
    ['a letter alone is recorded (the rules refuse it later)', press('a', 'KeyA'), 'windows', 'A'],
  ] as const)('%s', (_name, event, platform, accelerator) => {
    expect(recordKeyPress(event, platform)).toEqual({ kind: 'accelerator', accelerator });
    // What it records is always in the grammar's canonical form: it reads back unchanged.
    const parts = acceleratorParts(accelerator);
    expect(parts === null ? null : [...parts.modifiers, parts.key].join('+')).toBe(accelerator);
  });

  it('waits while only modifiers are held', () => {
    expect(recordKeyPress(press('Control', 'ControlLeft', { ctrlKey: true }), 'windows')).toEqual({ kind: 'modifiers', modifiers: ['Control'] });
    expect(recordKeyPress(press('Shift', 'ShiftLeft', { ctrlKey: true, shiftKey: true }), 'windows')).toEqual({ kind: 'modifiers', modifiers: ['Control', 'Shift'] });
    expect(recordKeyPress(press('Meta', 'MetaLeft', { metaKey: true }), 'mac')).toEqual({ kind: 'modifiers', modifiers: ['Command'] });
  });

  it('clears on Backspace or Delete alone and cancels on Escape alone', () => {
    expect(recordKeyPress(press('Backspace', 'Backspace'), 'windows')).toEqual({ kind: 'clear' });
    expect(recordKeyPress(press('Delete', 'Delete'), 'mac')).toEqual({ kind: 'clear' });
    expect(recordKeyPress(press('Escape', 'Escape'), 'linux')).toEqual({ kind: 'cancel' });
  });

  it('lets Tab and Shift+Tab move the focus', () => {
    expect(recordKeyPress(press('Tab', 'Tab'), 'windows')).toEqual({ kind: 'pass' });
    expect(recordKeyPress(press('Tab', 'Tab', { shiftKey: true }), 'windows')).toEqual({ kind: 'pass' });
    expect(recordKeyPress(press('Tab', 'Tab', { ctrlKey: true }), 'windows')).toEqual({ kind: 'accelerator', accelerator: 'Control+Tab' });
  });

  it('says so for keys no accelerator can name', () => {
    expect(recordKeyPress(press('Dead', 'Quote', { ctrlKey: true }), 'linux')).toEqual({ kind: 'unsupported' });
    expect(recordKeyPress(press('ç', 'IntlRo', { ctrlKey: true }), 'windows')).toEqual({ kind: 'unsupported' });
    expect(recordKeyPress(press('Unidentified', '', { altKey: true }), 'windows')).toEqual({ kind: 'unsupported' });
  });

  it('records keys the call-shortcut rules then refuse, so the agent learns why', () => {
    const caps = recordKeyPress(press('CapsLock', 'CapsLock', { ctrlKey: true }), 'windows');
    expect(caps).toEqual({ kind: 'accelerator', accelerator: 'Control+Capslock' });
    expect(callShortcutProblems({ answer: 'Control+Capslock', hangup: 'A' })).toEqual({ answer: 'not_allowed', hangup: 'needs_modifier' });
  });
});

describe('formatAccelerator', () => {
  it.each([
    ['Control+Shift+A', 'windows', 'Ctrl+Shift+A'],
    ['Control+Shift+A', 'mac', '⌃⇧A'],
    ['Command+Shift+A', 'mac', '⇧⌘A'],
    ['CommandOrControl+Shift+A', 'mac', '⇧⌘A'],
    ['CommandOrControl+Shift+A', 'linux', 'Ctrl+Shift+A'],
    ['CommandOrControl+Control+A', 'windows', 'Ctrl+A'],
    ['Alt+Super+H', 'windows', 'Alt+Win+H'],
    ['Alt+Super+H', 'linux', 'Alt+Super+H'],
    ['Control+Alt+Up', 'windows', 'Ctrl+Alt+↑'],
    ['Control+Return', 'mac', '⌃↩'],
    ['Control+Return', 'windows', 'Ctrl+Enter'],
    ['Control+Plus', 'windows', 'Ctrl++'],
    ['Control+num5', 'linux', 'Ctrl+Num 5'],
    ['F9', 'mac', 'F9'],
    ['MediaPlayPause', 'windows', '⏯'],
    ['A', 'windows', 'A'],
  ] as const)('%s on %s → %s', (accelerator, platform, shown) => {
    expect(formatAccelerator(accelerator, platform, words)).toBe(shown);
  });

  it('translates the space bar', () => {
    expect(formatAccelerator('Control+Space', 'windows', { space: 'Espaço' })).toBe('Ctrl+Espaço');
  });

  it('shows held modifiers of an unfinished combination', () => {
    expect(formatModifiers(['Shift', 'Control'], 'windows')).toBe('Ctrl+Shift+');
    expect(formatModifiers(['Command', 'Shift'], 'mac')).toBe('⇧⌘');
    expect(formatModifiers([], 'linux')).toBe('');
  });
});

describe('keyboardPlatformOf', () => {
  it.each([
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 Chrome/140 Electron/45', 'mac'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/140', 'windows'],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/140', 'linux'],
  ] as const)('%s → %s', (userAgent, platform) => {
    expect(keyboardPlatformOf(userAgent)).toBe(platform);
  });
});
