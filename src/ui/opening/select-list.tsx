// A list to choose from with ↑/↓ and enter: a window of the items around the selection.
import { Box, Text } from 'ink';
import { sanitizeLine } from '../../session/sanitize';

export interface ListItem {
  key: string;
  label: string;
  /** Dimmed text after the label (a title, a count, where a value came from). */
  hint?: string | undefined;
  /** Lines under the label when it is selected (evidence). */
  detail?: string[] | undefined;
}

export interface SelectListProps {
  items: ListItem[];
  selected: number;
  /** Rows available for items. */
  height: number;
  width: number;
  empty?: string;
}

export function SelectList({ items, selected, height, width, empty = 'nothing to choose' }: SelectListProps) {
  if (items.length === 0) return <Text dimColor>{empty}</Text>;
  const rows = Math.max(1, height);
  const start = Math.min(Math.max(0, selected - Math.floor(rows / 2)), Math.max(0, items.length - rows));
  const shown = items.slice(start, start + rows);
  return (
    <Box flexDirection="column">
      {start > 0 && <Text dimColor>  ↑ {start} more</Text>}
      {shown.map((item, i) => {
        const on = start + i === selected;
        const label = clip(sanitizeLine(item.label), width - 4);
        const hint = item.hint ? clip(sanitizeLine(item.hint), Math.max(0, width - label.length - 6)) : '';
        return (
          <Box key={item.key} flexDirection="column">
            <Text>
              <Text color={on ? 'cyan' : undefined}>{on ? '❯ ' : '  '}</Text>
              <Text bold={on} color={on ? 'cyan' : undefined}>{label}</Text>
              {hint && <Text dimColor>  {hint}</Text>}
            </Text>
            {on && item.detail?.map((d, j) => <Text key={j} dimColor>{`    ${clip(sanitizeLine(d), width - 6)}`}</Text>)}
          </Box>
        );
      })}
      {start + rows < items.length && <Text dimColor>  ↓ {items.length - start - rows} more</Text>}
    </Box>
  );
}

export function clip(text: string, width: number): string {
  if (width <= 1) return '';
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}
