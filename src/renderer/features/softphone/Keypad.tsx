/**
 * DTMF keypad: 12 keys in the phone layout; typing digits, `*` and `#` on the keyboard works too while
 * it has focus. Each key press goes to the call at once (an IVR reacts to single digits).
 */
import { Button, SimpleGrid, Text } from '@mantine/core';
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

export function Keypad({ onDigit }: { readonly onDigit: (digit: string) => void }) {
  const { t } = useTranslation();
  const [sent, setSent] = useState('');
  const press = (digit: string) => {
    onDigit(digit);
    setSent((previous) => (previous + digit).slice(-24));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if ((KEYS as readonly string[]).includes(event.key) && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      press(event.key);
    }
  };
  return (
    <div role="group" aria-label={t('softphone.keypad.title')} onKeyDown={onKeyDown} data-testid="softphone-keypad">
      <Text size="sm" ff="monospace" aria-live="polite" mih={20} data-testid="softphone-keypad-sent">
        {sent}
      </Text>
      <SimpleGrid cols={3} spacing={6} verticalSpacing={6}>
        {KEYS.map((digit) => (
          <Button
            key={digit}
            variant="default"
            size="sm"
            aria-label={t('softphone.keypad.key', { digit })}
            onClick={() => {
              press(digit);
            }}
          >
            {digit}
          </Button>
        ))}
      </SimpleGrid>
    </div>
  );
}
