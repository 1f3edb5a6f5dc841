/** Text with the search's matched words marked (`<mark>`), as plain React text: nothing is parsed as HTML. */
import type { HighlightedText } from '../../../shared/search/snippet';

export function Highlighted({ value }: { readonly value: HighlightedText }) {
  const parts: React.ReactNode[] = [];
  let position = 0;
  for (const [start, end] of value.highlights) {
    if (start > position) parts.push(value.text.slice(position, start));
    parts.push(<mark key={start}>{value.text.slice(start, end)}</mark>);
    position = end;
  }
  if (position < value.text.length) parts.push(value.text.slice(position));
  return <>{parts}</>;
}
