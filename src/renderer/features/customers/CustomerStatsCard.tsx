/** The quick facts of a profile (`customerStats`): open tickets, last contact, average CSAT, recent contacts. */
import { Card, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CustomerStats } from '../../../shared/domain/customer-stats';
import { useFormatters } from '../../i18n/format';

function Stat({ label, value, detail, testId }: { readonly label: string; readonly value: string; readonly detail?: string; readonly testId: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="lg" fw={600} data-testid={testId}>
        {value}
      </Text>
      {detail !== undefined && (
        <Text size="xs" c="dimmed">
          {detail}
        </Text>
      )}
    </Stack>
  );
}

export function CustomerStatsCard({ stats }: { readonly stats: CustomerStats }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const csat = stats.averageCsat === undefined ? t('customers.stats.noAnswers') : t('customers.stats.csatValue', { value: stats.averageCsat.toFixed(1) });
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="customer-stats-heading">
      <Text fw={600} id="customer-stats-heading" component="h2" size="md" mb="xs">
        {t('customers.stats.title')}
      </Text>
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Stat label={t('customers.stats.openTickets')} value={format.number(stats.openTickets)} testId="stat-open-tickets" />
        <Stat
          label={t('customers.stats.lastContact')}
          value={stats.lastContactAt === undefined ? t('customers.stats.never') : format.compactDateTime(stats.lastContactAt)}
          testId="stat-last-contact"
        />
        <Stat
          label={t('customers.stats.averageCsat')}
          value={csat}
          {...(stats.csatResponses === 0 ? {} : { detail: t('customers.stats.csatAnswers', { count: stats.csatResponses }) })}
          testId="stat-average-csat"
        />
        <Stat label={t('customers.stats.recentContacts')} value={format.number(stats.recentContacts)} testId="stat-recent-contacts" />
      </SimpleGrid>
    </Card>
  );
}
