/** Header menus for the UI language and the color scheme; both are remembered on this device. */
import { ActionIcon, Menu, useMantineColorScheme, type MantineColorScheme } from '@mantine/core';
import { IconCheck, IconDeviceDesktop, IconLanguage, IconMoon, IconSun } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { SUPPORTED_LANGUAGES, currentLanguage, rememberLanguage } from '../../i18n';

export function LanguageMenu() {
  const { t, i18n } = useTranslation();
  const active = currentLanguage(i18n);
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon
          variant="subtle"
          size="lg"
          aria-label={`${t('header.language')}: ${t(`languages.${active}`)}`}
          title={t('header.language')}
        >
          <IconLanguage aria-hidden size={20} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('header.language')}</Menu.Label>
        {SUPPORTED_LANGUAGES.map((language) => (
          <Menu.Item
            key={language}
            lang={language}
            aria-current={language === active ? 'true' : undefined}
            leftSection={language === active ? <IconCheck aria-hidden size={16} /> : <span style={{ width: 16 }} />}
            onClick={() => {
              void rememberLanguage(language);
            }}
          >
            {t(`languages.${language}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

const SCHEMES: readonly { value: MantineColorScheme; key: 'colorSchemeLight' | 'colorSchemeDark' | 'colorSchemeAuto' }[] = [
  { value: 'light', key: 'colorSchemeLight' },
  { value: 'dark', key: 'colorSchemeDark' },
  { value: 'auto', key: 'colorSchemeAuto' },
];

export function ColorSchemeMenu() {
  const { t } = useTranslation();
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const current = SCHEMES.find((scheme) => scheme.value === colorScheme) ?? SCHEMES[2];
  const Icon = colorScheme === 'dark' ? IconMoon : colorScheme === 'light' ? IconSun : IconDeviceDesktop;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon
          variant="subtle"
          size="lg"
          aria-label={`${t('header.colorScheme')}: ${current ? t(`header.${current.key}`) : ''}`}
          title={t('header.colorScheme')}
        >
          <Icon aria-hidden size={20} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('header.colorScheme')}</Menu.Label>
        {SCHEMES.map((scheme) => (
          <Menu.Item
            key={scheme.value}
            aria-current={scheme.value === colorScheme ? 'true' : undefined}
            leftSection={scheme.value === colorScheme ? <IconCheck aria-hidden size={16} /> : <span style={{ width: 16 }} />}
            onClick={() => {
              setColorScheme(scheme.value);
            }}
          >
            {t(`header.${scheme.key}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
