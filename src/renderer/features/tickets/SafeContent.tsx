/**
 * Untrusted or user-written text on screen: inbound email HTML sanitized, Markdown rendered and
 * sanitized, anything else as plain text. Links to knowledge articles call `onOpenArticle` instead of
 * navigating; external links open outside the app (see safe-content.ts).
 */
import { Text, Typography } from '@mantine/core';
import type { MouseEvent } from 'react';
import { ARTICLE_LINK_ATTRIBUTE, renderMarkdown, sanitizeInboundHtml } from './safe-content';

export type ContentFormat = 'html' | 'markdown' | 'text';

interface SafeContentProps {
  readonly text: string;
  readonly format: ContentFormat;
  readonly onOpenArticle?: ((articleId: string) => void) | undefined;
}

export function SafeContent({ text, format, onOpenArticle }: SafeContentProps) {
  if (format === 'text') {
    return (
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="message-body">
        {text}
      </Text>
    );
  }
  const html = format === 'html' ? sanitizeInboundHtml(text) : renderMarkdown(text);
  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    if (!(event.target instanceof Element)) return;
    const link = event.target.closest(`a[${ARTICLE_LINK_ATTRIBUTE}]`);
    const articleId = link?.getAttribute(ARTICLE_LINK_ATTRIBUTE);
    if (articleId === null || articleId === undefined) return;
    event.preventDefault();
    onOpenArticle?.(articleId);
  };
  return (
    <Typography fz="sm" style={{ overflowWrap: 'anywhere' }}>
      {/* Sanitized above: DOMPurify with our link rules. The click handler only reads the link it finds. */}
      <div className="safe-content" data-testid="message-body" onClick={onClick} dangerouslySetInnerHTML={{ __html: html }} />
    </Typography>
  );
}
