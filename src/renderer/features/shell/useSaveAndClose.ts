/**
 * A dialog form's save: busy while the write runs, then a short success notification and the dialog
 * closes. A failed write keeps the dialog open, with what the agent entered, and tells why in a
 * notification that stays until dismissed, so they can try again.
 */
import { notifications } from '@mantine/notifications';
import { useState } from 'react';

/** `failedText` words the failure notification from the error's message; `onDone` closes the dialog. */
export function useSaveAndClose({ savedText, failedText, onDone }: { readonly savedText: string; readonly failedText: (message: string) => string; readonly onDone: () => void }) {
  const [saving, setSaving] = useState(false);
  const saveAndClose = async (write: () => Promise<unknown>) => {
    setSaving(true);
    try {
      await write();
      notifications.show({ message: savedText, color: 'green', autoClose: 3000 });
      onDone();
    } catch (cause) {
      notifications.show({ message: failedText(cause instanceof Error ? cause.message : String(cause)), color: 'red', autoClose: false });
    } finally {
      setSaving(false);
    }
  };
  return { saving, saveAndClose };
}
