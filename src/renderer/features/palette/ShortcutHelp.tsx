/** The `?` overlay: every keyboard shortcut of the workstation. */
import { Kbd, Modal, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent);
const mod = isMac ? '⌘' : 'Ctrl';

export const SHORTCUTS = [
  { keys: [mod, 'K'], label: 'shortcutHelp.palette' },
  { keys: ['?'], label: 'shortcutHelp.help' },
  { keys: ['Alt', 'J'], label: 'shortcutHelp.nextTicket' },
  { keys: ['Alt', 'R'], label: 'shortcutHelp.reply' },
  { keys: ['Alt', 'N'], label: 'shortcutHelp.note' },
  { keys: ['Alt', 'A'], label: 'shortcutHelp.assignToMe' },
  { keys: ['Alt', 'E'], label: 'shortcutHelp.escalate' },
  { keys: ['Alt', 'K'], label: 'shortcutHelp.searchKb' },
  { keys: ['↑', '↓'], label: 'shortcutHelp.queueMove' },
  { keys: ['Enter'], label: 'shortcutHelp.queueOpen' },
  { keys: [mod, 'S'], label: 'shortcutHelp.save' },
  { keys: ['Esc'], label: 'shortcutHelp.back' },
] as const;

export function ShortcutHelp({ opened, onClose }: { readonly opened: boolean; readonly onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('shortcutHelp.title')} size="md">
      <Table>
        <Table.Tbody>
          {SHORTCUTS.map((shortcut) => (
            <Table.Tr key={shortcut.label}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {shortcut.keys.map((key, index) => (
                  <span key={key}>
                    {index > 0 && ' + '}
                    <Kbd>{key}</Kbd>
                  </span>
                ))}
              </Table.Td>
              <Table.Td>{t(shortcut.label)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
