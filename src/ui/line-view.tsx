// Draws lines built by the panels. Each line is one terminal row: it is cut, never wrapped.
import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import type { Line } from './lines';

export function LineView({ lines, width }: { lines: Line[]; width: number }) {
  return (
    <Box flexDirection="column" width={width}>
      {lines.map((line, i) => (
        <Box key={i} height={1} width={width}>
          <Text wrap="truncate-end">
            {line.length === 0
              ? ' '
              : line.map((s, j) =>
                  s.spinner ? (
                    <Text key={j} color="cyan">
                      <Spinner type="dots" />
                    </Text>
                  ) : (
                    <Text key={j} color={s.color} bold={s.bold} dimColor={s.dim} italic={s.italic} inverse={s.inverse}>
                      {s.text}
                    </Text>
                  ),
                )}
          </Text>
        </Box>
      ))}
    </Box>
  );
}
