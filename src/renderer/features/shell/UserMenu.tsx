import { Avatar, Menu, UnstyledButton } from '@mantine/core';
import { IconKeyboard, IconLogout } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../data/session';
import { WindowCallShortcutsDialog } from '../softphone/CallShortcutsButton';
import { useUi } from '../../stores/ui';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '')).toUpperCase();
}

export function UserMenu() {
  const { t } = useTranslation();
  const user = useSession((state) => state.session?.user);
  const openSignOut = useUi((state) => state.setSignOutOpen);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  if (!user) return null;
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <UnstyledButton aria-label={t('header.accountMenu', { name: user.name })} style={{ borderRadius: '50%' }}>
            <Avatar color="blue" radius="xl" size={34} aria-hidden>
              {initials(user.name)}
            </Avatar>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>
            {user.name} · {t(`roles.${user.role}`)}
          </Menu.Label>
          <Menu.Label>{t('header.signedInAs', { email: user.email })}</Menu.Label>
          <Menu.Divider />
          <Menu.Item
            leftSection={<IconKeyboard aria-hidden size={16} />}
            onClick={() => {
              setShortcutsOpen(true);
            }}
          >
            {t('desktop.shortcuts.open')}
          </Menu.Item>
          <Menu.Item
            leftSection={<IconLogout aria-hidden size={16} />}
            onClick={() => {
              openSignOut(true);
            }}
          >
            {t('header.signOut')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <WindowCallShortcutsDialog
        opened={shortcutsOpen}
        onClose={() => {
          setShortcutsOpen(false);
        }}
      />
    </>
  );
}
