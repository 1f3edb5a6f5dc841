/**
 * A field that records a key combination: focus it and press the keys. It shows the combination in
 * the OS's notation; Backspace or Delete clears it; Escape stops recording (a second Escape reaches
 * the dialog), and Tab always moves on, so the focus is never trapped. Keys pressed here go no
 * further: the softphone's own shortcuts (Alt+Shift+A…) must not answer a call while one is recorded.
 */
import { TextInput } from '@mantine/core';
import { useState, type KeyboardEvent, type ReactNode, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { formatAccelerator, formatModifiers, recordKeyPress, type KeyboardPlatform } from '../../../shared/voice/shortcut-keys';

export interface ShortcutRecorderProps {
  readonly label: string;
  /** The accelerator, or null for none. */
  readonly value: string | null;
  readonly onChange: (value: string | null) => void;
  /** A key no accelerator can name was pressed (the value stays). */
  readonly onUnsupportedKey: () => void;
  readonly platform: KeyboardPlatform;
  readonly disabled?: boolean;
  readonly error?: ReactNode;
  readonly description?: ReactNode;
  readonly inputRef?: Ref<HTMLInputElement>;
  readonly testId?: string;
}

export function ShortcutRecorder({ label, value, onChange, onUnsupportedKey, platform, disabled, error, description, inputRef, testId }: ShortcutRecorderProps) {
  const { t } = useTranslation();
  const [recording, setRecording] = useState(false);
  /** Modifiers held so far, shown while the combination is not finished. */
  const [held, setHeld] = useState<readonly string[]>([]);

  const stop = () => {
    setRecording(false);
    setHeld([]);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const pressed = recordKeyPress(event, platform);
    if (pressed.kind === 'pass') return;
    if (pressed.kind === 'cancel') {
      // Not recording: Escape is the dialog's (it closes). Recording: it only ends the recording.
      if (!recording) return;
      event.preventDefault();
      event.stopPropagation();
      stop();
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    switch (pressed.kind) {
      case 'modifiers':
        setRecording(true);
        setHeld(pressed.modifiers);
        return;
      case 'clear':
        stop();
        onChange(null);
        return;
      case 'unsupported':
        setHeld([]);
        onUnsupportedKey();
        return;
      case 'accelerator':
        stop();
        onChange(pressed.accelerator);
        return;
    }
  };

  const onKeyUp = (event: KeyboardEvent<HTMLInputElement>) => {
    // Letting go of a modifier before any key: show what is still held.
    const released = recordKeyPress(event, platform);
    if (released.kind === 'modifiers') setHeld(released.modifiers);
  };

  const shown = held.length > 0 ? `${formatModifiers(held, platform)}…` : value === null ? '' : formatAccelerator(value, platform, { space: t('desktop.shortcuts.space') });
  return (
    <TextInput
      ref={inputRef}
      label={label}
      description={description}
      error={error}
      disabled={disabled}
      readOnly
      value={shown}
      placeholder={recording ? t('desktop.shortcuts.recording') : t('desktop.shortcuts.none')}
      data-testid={testId}
      data-recording={recording}
      data-accelerator={value ?? ''}
      // While recording, Mantine's modal leaves Escape to this field (see onKeyDown).
      data-mantine-stop-propagation={recording ? 'true' : undefined}
      autoComplete="off"
      spellCheck={false}
      onFocus={() => {
        setRecording(true);
      }}
      onBlur={stop}
      onKeyDown={onKeyDown}
      onKeyUp={onKeyUp}
    />
  );
}
