// @vitest-environment happy-dom
/**
 * A dialog form's save (callback, log-a-call, wrap-up, escalation): busy while it writes; a saved
 * write is announced and closes the dialog; a failed one is told in a notification that stays, and the
 * dialog stays open so the agent can try again.
 */
import { notifications } from '@mantine/notifications';
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useSaveAndClose } from '../../../../src/renderer/features/shell/useSaveAndClose';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function setup() {
  const show = vi.spyOn(notifications, 'show').mockReturnValue('notification');
  const onDone = vi.fn();
  const hook = renderHook(() => useSaveAndClose({ savedText: 'Callback saved', failedText: (message) => `Could not save: ${message}`, onDone }));
  return { show, onDone, hook };
}

describe('useSaveAndClose', () => {
  it('is busy while writing, then announces the save and closes', async () => {
    const { show, onDone, hook } = setup();
    let finishWrite = () => {};
    const write = vi.fn(() => new Promise<void>((resolve) => (finishWrite = resolve)));
    let saved: Promise<void> = Promise.resolve();
    act(() => {
      saved = hook.result.current.saveAndClose(write);
    });
    expect(write).toHaveBeenCalledTimes(1);
    expect(hook.result.current.saving).toBe(true);
    expect(onDone).not.toHaveBeenCalled();
    await act(async () => {
      finishWrite();
      await saved;
    });
    expect(show).toHaveBeenCalledTimes(1);
    expect(show).toHaveBeenCalledWith(expect.objectContaining({ message: 'Callback saved', color: 'green' }));
    expect(onDone).toHaveBeenCalledTimes(1);
    expect(hook.result.current.saving).toBe(false);
  });

  it('keeps the dialog open after a failed write and says why until dismissed', async () => {
    const { show, onDone, hook } = setup();
    await act(() => hook.result.current.saveAndClose(() => Promise.reject(new Error('offline'))));
    expect(onDone).not.toHaveBeenCalled();
    expect(show).toHaveBeenCalledTimes(1);
    expect(show).toHaveBeenCalledWith(expect.objectContaining({ message: 'Could not save: offline', color: 'red', autoClose: false }));
    // The submit button is usable again for another try.
    expect(hook.result.current.saving).toBe(false);
  });
});
