/** The signed-in layout: header (sync status, preferences, account) and the routed screens. */
import { Alert, AppShell, Button, Center, Group, Loader, Stack, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes } from 'react-router';
import { reopenWorkspace, signOut } from '../../data/session';
import { useWorkspace } from '../../data/workspace';
import { SignOutDialog } from '../session/SignOutDialog';
import { RejectionNotifier, SyncDetailsDrawer } from '../sync/SyncDetails';
import { CallsNavButton } from '../calls/CallsNavButton';
import { CallsPage } from '../calls/CallsPage';
import { NewArticlePage, TranslateArticlePage } from '../knowledge/ArticleAuthoring';
import { ArticlePage } from '../knowledge/ArticlePage';
import { KnowledgeNavButton } from '../knowledge/KnowledgeNavButton';
import { KnowledgePage } from '../knowledge/KnowledgePage';
import { CommandPalette } from '../palette/CommandPalette';
import { QueuePage } from '../queue/QueuePage';
import { SoftphoneAside, SoftphoneToggle, useSoftphoneAside } from '../softphone/SoftphonePanel';
import { CustomerList } from '../customers/CustomerList';
import { CustomerProfile } from '../customers/CustomerProfile';
import { CustomersNavButton } from '../customers/CustomersNavButton';
import { NewCustomer } from '../customers/NewCustomer';
import { SupervisorNavButton } from '../supervisor/SupervisorNavButton';
import { SupervisorPage } from '../supervisor/SupervisorPage';
import { ConflictNotifier } from '../tickets/conflicts';
import { TicketDetail } from '../tickets/TicketDetail';
import { ColorSchemeMenu, LanguageMenu } from './PreferenceMenus';
import { SyncIndicator } from './SyncIndicator';
import { UserMenu } from './UserMenu';
import { HEADER_HEIGHT } from './layout';
import { usePageFocus } from './usePageFocus';

function NotFound() {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  usePageFocus(heading, 'not-found');
  return (
    <Stack align="flex-start">
      <h1 ref={heading} tabIndex={-1} className="page-heading">
        {t('errors.notFound')}
      </h1>
      <Button component={Link} to="/tickets">
        {t('errors.goToQueue')}
      </Button>
    </Stack>
  );
}

function WorkspaceContent() {
  const { t } = useTranslation();
  const status = useWorkspace((state) => state.status);
  const error = useWorkspace((state) => state.error);
  const errorCode = useWorkspace((state) => state.errorCode);

  if (status === 'error') {
    const inUse = errorCode === 'in-use';
    return (
      <Alert
        color={inUse ? 'yellow' : 'red'}
        icon={<IconAlertCircle aria-hidden />}
        role="alert"
        title={inUse ? t('errors.databaseInUse') : t('errors.databaseOpen', { message: error ?? '' })}
      >
        {inUse && <Text size="sm">{t('errors.databaseInUseHelp')}</Text>}
        <Group mt="sm">
          <Button
            onClick={() => {
              void reopenWorkspace();
            }}
          >
            {t('common.retry')}
          </Button>
          <Button
            variant="default"
            onClick={() => {
              void signOut({ wipe: false });
            }}
          >
            {t('header.signOut')}
          </Button>
        </Group>
      </Alert>
    );
  }
  if (status !== 'ready') {
    return (
      <Center h="60vh">
        <Stack align="center" gap="xs" role="status">
          <Loader aria-hidden />
          <Text>{t('app.loading')}</Text>
        </Stack>
      </Center>
    );
  }
  return (
    <>
      <Routes>
        <Route path="/" element={<Navigate to="/tickets" replace />} />
        <Route path="/tickets" element={<QueuePage />} />
        <Route path="/tickets/:id" element={<TicketDetail />} />
        <Route path="/calls" element={<CallsPage />} />
        <Route path="/customers" element={<CustomerList />} />
        <Route path="/customers/new" element={<NewCustomer />} />
        <Route path="/customers/:id" element={<CustomerProfile />} />
        <Route path="/knowledge" element={<KnowledgePage />} />
        <Route path="/knowledge/new" element={<NewArticlePage />} />
        <Route path="/knowledge/:id" element={<ArticlePage />} />
        <Route path="/knowledge/:id/translate/:language" element={<TranslateArticlePage />} />
        <Route path="/supervisor" element={<SupervisorPage />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
      <CommandPalette />
    </>
  );
}

export function Workstation() {
  const { t } = useTranslation();
  const softphoneAside = useSoftphoneAside();
  return (
    <AppShell header={{ height: HEADER_HEIGHT }} aside={softphoneAside} padding="md">
      <a href="#main-content" className="skip-link" onClick={(event) => {
        event.preventDefault();
        document.getElementById('main-content')?.focus();
      }}>
        {t('app.skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Text fw={700} size="lg">
              {t('app.name')}
            </Text>
            <Text size="sm" c="dimmed" visibleFrom="sm">
              {t('app.tagline')}
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <SoftphoneToggle />
            <CallsNavButton />
            <KnowledgeNavButton />
            <CustomersNavButton />
            <SupervisorNavButton />
            <SyncIndicator />
            <LanguageMenu />
            <ColorSchemeMenu />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main id="main-content" tabIndex={-1} style={{ outline: 'none' }}>
        <WorkspaceContent />
      </AppShell.Main>
      <SoftphoneAside />
      <SignOutDialog />
      <SyncDetailsDrawer />
      <ConflictNotifier />
      <RejectionNotifier />
    </AppShell>
  );
}
