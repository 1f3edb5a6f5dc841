import { describe, expect, it } from 'vitest';
import { callShortcutProblems, canonicalCallShortcuts, isCallShortcuts, parseAccelerator } from '../../../../src/shared/voice/shortcuts';

describe('parseAccelerator', () => {
  it.each([
    ['CommandOrControl+Shift+A', 'CommandOrControl+Shift+A'],
    ['cmdorctrl+shift+a', 'CommandOrControl+Shift+A'],
    ['Shift+Ctrl+H', 'Control+Shift+H'],
    ['Option+Cmd+1', 'Command+Alt+1'],
    ['Meta+Return', 'Super+Return'],
    ['Alt+Enter', 'Alt+Return'],
    ['Ctrl+Esc', 'Control+Escape'],
    ['Ctrl++', 'Control+Plus'],
    ['Ctrl+Plus', 'Control+Plus'],
    ['Alt+/', 'Alt+/'],
    [' Ctrl + Shift + F9 ', 'Control+Shift+F9'],
    ['F9', 'F9'],
    ['Shift+F24', 'Shift+F24'],
    ['MediaPlayPause', 'MediaPlayPause'],
    ['Ctrl+num5', 'Control+num5'],
  ])('%s → %s', (input, canonical) => {
    expect(parseAccelerator(input)).toEqual({ ok: true, accelerator: canonical });
  });

  it.each([
    ['', 'invalid'],
    ['+', 'invalid'],
    ['Ctrl+', 'invalid'],
    ['Ctrl+Shift', 'invalid'],
    ['Ctrl+A+B', 'invalid'],
    ['Ctrl+Ctrl+A', 'invalid'],
    ['Cmd+Command+A', 'invalid'],
    ['Hyper+A', 'invalid'],
    ['Ctrl+F25', 'invalid'],
    ['Ctrl+Ä', 'invalid'],
    ['Ctrl+AB', 'invalid'],
    [`Ctrl+${'A'.repeat(80)}`, 'invalid'],
    ['A', 'needs_modifier'],
    ['Shift+A', 'needs_modifier'],
    ['Space', 'needs_modifier'],
    ['Return', 'needs_modifier'],
    ['Ctrl+Capslock', 'not_allowed'],
    ['VolumeMute', 'not_allowed'],
  ])('refuses %j (%s)', (input, error) => {
    expect(parseAccelerator(input)).toEqual({ ok: false, error });
  });
});

describe('call shortcut sets', () => {
  it('finds two actions on the same keys, whatever the spelling', () => {
    expect(callShortcutProblems({ answer: 'Ctrl+Shift+A', hangup: 'shift+control+a' })).toEqual({ hangup: 'duplicate' });
    expect(callShortcutProblems({ answer: 'Ctrl+Shift+A', hangup: 'Ctrl+Shift+H' })).toEqual({});
    expect(callShortcutProblems({ answer: null, hangup: null })).toEqual({});
    expect(callShortcutProblems({ answer: 'A', hangup: 'nope' })).toEqual({ answer: 'needs_modifier', hangup: 'invalid' });
  });

  it('canonicalises each accelerator', () => {
    expect(canonicalCallShortcuts({ answer: 'cmdorctrl+shift+a', hangup: null })).toEqual({ answer: 'CommandOrControl+Shift+A', hangup: null });
  });

  it.each([
    [{ answer: 'Ctrl+Shift+A', hangup: 'Ctrl+Shift+H' }, true],
    [{ answer: null, hangup: 'F10' }, true],
    [{ answer: null, hangup: null }, true],
    [{ answer: 'Ctrl+Shift+A' }, false],
    [{ answer: 'Ctrl+Shift+A', hangup: null, mute: 'Ctrl+M' }, false],
    [{ answer: 'Ctrl+Shift+A', hangup: 'Ctrl+Shift+A' }, false],
    [{ answer: 'A', hangup: null }, false],
    [{ answer: 42, hangup: null }, false],
    [{ answer: undefined, hangup: null }, false],
    [['Ctrl+A', 'Ctrl+B'], false],
    [null, false],
    ['Ctrl+A', false],
  ])('isCallShortcuts(%j) is %s', (payload, expected) => {
    expect(isCallShortcuts(payload)).toBe(expected);
  });
});
