/** A list of canned responses as listbox options (the `/shortcut` suggestions and the picker share it). */
import { Group, Stack, Text, UnstyledButton } from '@mantine/core';
import type { CannedResponseDocument } from '../../../shared/domain/canned';

interface CannedListProps {
  readonly id: string;
  readonly label: string;
  readonly responses: readonly CannedResponseDocument[];
  readonly activeId: string | undefined;
  readonly onPick: (response: CannedResponseDocument) => void;
}

export const cannedOptionId = (listId: string, response: CannedResponseDocument) => `${listId}-${response.id}`;

export function CannedList({ id, label, responses, activeId, onPick }: CannedListProps) {
  return (
    <Stack gap={2} id={id} role="listbox" aria-label={label}>
      {responses.map((response) => (
        <UnstyledButton
          key={response.id}
          id={cannedOptionId(id, response)}
          role="option"
          tabIndex={-1}
          aria-selected={response.id === activeId}
          data-testid="canned-option"
          p="xs"
          bg={response.id === activeId ? 'var(--mantine-color-blue-light)' : undefined}
          style={{ borderRadius: 'var(--mantine-radius-sm)' }}
          // Keep the focus in the text box: the click picks without moving the caret away.
          onMouseDown={(event) => {
            event.preventDefault();
          }}
          onClick={() => {
            onPick(response);
          }}
        >
          <Group gap="xs" wrap="nowrap">
            {response.cannedResponse.shortcut !== undefined && (
              <Text size="sm" ff="monospace" c="dimmed">
                {response.cannedResponse.shortcut}
              </Text>
            )}
            <Text size="sm" fw={500}>
              {response.name}
            </Text>
            <Text size="xs" c="dimmed">
              {response.cannedResponse.language}
            </Text>
          </Group>
          <Text size="xs" c="dimmed" lineClamp={1}>
            {response.cannedResponse.body}
          </Text>
        </UnstyledButton>
      ))}
    </Stack>
  );
}
