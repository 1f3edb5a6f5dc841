// @vitest-environment happy-dom
/**
 * The saved view's name form (saving a view, renaming one): the name is checked and trimmed before it
 * is saved, a failed save is told under the field, and Cancel leaves without saving.
 */
import { MantineProvider } from '@mantine/core';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import i18next from 'i18next';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ViewNameForm } from '../../../../src/renderer/features/queue/ViewNameForm';
import { baseI18nOptions } from '../../../../src/renderer/i18n/config';

afterEach(cleanup);

async function setup(onSave: (name: string) => Promise<void>, initialName?: string) {
  const i18n = i18next.createInstance();
  await i18n.init({ ...baseI18nOptions, lng: 'en' });
  const onCancel = vi.fn();
  render(
    <I18nextProvider i18n={i18n}>
      <MantineProvider env="test">
        <ViewNameForm
          {...(initialName === undefined ? {} : { initialName })}
          submitLabel="Rename"
          onSave={onSave}
          failureText={(message) => `Failed: ${message}`}
          onCancel={onCancel}
        />
      </MantineProvider>
    </I18nextProvider>,
  );
  const field = screen.getByRole<HTMLInputElement>('textbox', { name: 'Name' });
  return { field, onCancel, submit: screen.getByRole('button', { name: 'Rename' }) };
}

describe('ViewNameForm', () => {
  it('asks for a name instead of saving a blank one', async () => {
    const onSave = vi.fn(() => Promise.resolve());
    const { field, submit } = await setup(onSave);
    fireEvent.change(field, { target: { value: '   ' } });
    fireEvent.click(submit);
    expect(await screen.findByText('Give the view a name.')).toBeTruthy();
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(onSave).not.toHaveBeenCalled();
    // Typing again clears the problem.
    fireEvent.change(field, { target: { value: 'M' } });
    expect(screen.queryByText('Give the view a name.')).toBeNull();
  });

  it('saves the trimmed name, starting from the current one', async () => {
    const onSave = vi.fn(() => Promise.resolve());
    const { field, submit } = await setup(onSave, 'Mine');
    expect(field.value).toBe('Mine');
    fireEvent.change(field, { target: { value: '  Mine, urgent  ' } });
    fireEvent.click(submit);
    await waitFor(() => {
      expect(onSave).toHaveBeenCalledWith('Mine, urgent');
    });
  });

  it('tells why a save failed under the field', async () => {
    const { field, submit } = await setup(() => Promise.reject(new Error('offline')), 'Mine');
    fireEvent.click(submit);
    expect(await screen.findByText('Failed: offline')).toBeTruthy();
    expect(field.getAttribute('aria-invalid')).toBe('true');
  });

  it('leaves with Cancel without saving', async () => {
    const onSave = vi.fn(() => Promise.resolve());
    const { onCancel } = await setup(onSave, 'Mine');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(onSave).not.toHaveBeenCalled();
  });
});
