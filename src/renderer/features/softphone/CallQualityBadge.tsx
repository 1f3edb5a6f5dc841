/**
 * Call quality from the provider's warnings: good / degraded / bad, with the active warnings in the
 * accessible name and tooltip. Also carries the audio counters of the call as data attributes, for
 * diagnostics and end-to-end tests: `[data-testid="call-quality"]` with `data-level`,
 * `data-bytes-received` and `data-bytes-sent` (inbound-rtp / outbound-rtp of getStats).
 */
import { Badge, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CallQuality } from '../../../shared/voice/provider';
import type { MediaStats } from '../../voice/quality';

const COLORS = { good: 'green', degraded: 'yellow', bad: 'red' } as const;

export function CallQualityBadge({ quality, media }: { readonly quality: CallQuality | undefined; readonly media: MediaStats | undefined }) {
  const { t } = useTranslation();
  const level = quality?.level ?? 'good';
  const levelText = t(`softphone.quality.${level}`);
  const details = (quality?.warnings ?? []).map((warning) => t(`softphone.quality.warning.${warning}`)).join(', ');
  const label = details === '' ? t('softphone.quality.label', { level: levelText }) : `${t('softphone.quality.label', { level: levelText })}: ${details}`;
  return (
    <Tooltip label={label} withinPortal>
      <Badge
        data-testid="call-quality"
        data-level={level}
        data-bytes-received={media === undefined ? undefined : String(media.bytesReceived)}
        data-bytes-sent={media === undefined ? undefined : String(media.bytesSent)}
        color={COLORS[level]}
        variant="dot"
        aria-label={label}
        role="img"
      >
        {levelText}
      </Badge>
    </Tooltip>
  );
}
