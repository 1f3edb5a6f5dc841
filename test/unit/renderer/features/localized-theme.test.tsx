// @vitest-environment happy-dom
/**
 * Mantine's own close buttons carry the user's language as their accessible name (axe: button-name),
 * for every dialog of the app, without each dialog naming it.
 */
import { MantineProvider, Modal } from '@mantine/core';
import { cleanup, render, screen } from '@testing-library/react';
import i18next from 'i18next';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { useLocalizedTheme } from '../../../../src/renderer/App';
import { baseI18nOptions } from '../../../../src/renderer/i18n/config';

afterEach(cleanup);

function ThemedDialog() {
  const theme = useLocalizedTheme();
  return (
    <MantineProvider theme={theme} env="test">
      <Modal opened onClose={() => undefined} title="Transfer">
        body
      </Modal>
    </MantineProvider>
  );
}

describe('localized theme', () => {
  it.each([
    ['en', 'Close'],
    ['pt-BR', 'Fechar'],
  ])('names a dialog close button in %s', async (lng, name) => {
    const i18n = i18next.createInstance();
    await i18n.init({ ...baseI18nOptions, lng });
    render(
      <I18nextProvider i18n={i18n}>
        <ThemedDialog />
      </I18nextProvider>,
    );
    expect(screen.getByRole('button', { name })).toBeDefined();
  });
});
