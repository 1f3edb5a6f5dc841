/**
 * Keyboard shortcuts of the softphone, anywhere in the workstation (also while typing in a ticket:
 * answering must not wait for the agent to leave a text field):
 * Alt+Shift+A answer · Alt+Shift+D decline or hang up · Alt+Shift+M mute · Alt+Shift+H hold/resume ·
 * Alt+Shift+K keypad.
 */
import { useHotkeys } from '@mantine/hooks';
import { answer, hangup, primaryCall, reject, toggleHold, toggleMute, useSoftphone } from '../../voice/call-session';
import { unlockVoiceAudio } from '../../voice/softphone-runtime';

export const SOFTPHONE_SHORTCUTS = {
  answer: 'alt+shift+A',
  hangup: 'alt+shift+D',
  mute: 'alt+shift+M',
  hold: 'alt+shift+H',
  keypad: 'alt+shift+K',
} as const;

export function useSoftphoneShortcuts(onToggleKeypad: () => void): void {
  useHotkeys(
    [
      [
        SOFTPHONE_SHORTCUTS.answer,
        () => {
          unlockVoiceAudio();
          void answer();
        },
      ],
      [
        SOFTPHONE_SHORTCUTS.hangup,
        () => {
          const call = primaryCall(useSoftphone.getState());
          if (call?.state.status === 'ringing') void reject(call.id);
          else void hangup();
        },
      ],
      [
        SOFTPHONE_SHORTCUTS.mute,
        () => {
          void toggleMute();
        },
      ],
      [
        SOFTPHONE_SHORTCUTS.hold,
        () => {
          unlockVoiceAudio();
          void toggleHold();
        },
      ],
      [SOFTPHONE_SHORTCUTS.keypad, onToggleKeypad],
    ],
    [],
    true,
  );
}
