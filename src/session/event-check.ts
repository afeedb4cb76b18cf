// Reading a journal this process did not write: every event is checked against its schema, so
// that a hand-edited, cut or foreign journal is refused at the line at fault instead of failing
// somewhere in replay or the postmortem.
import { walkEventSchema } from './event-schema';
import type { WalkEvent } from './events';
import { JournalError, type EventCheck } from './journal';

export const checkedEvent: EventCheck = (value, where) => {
  const parsed = walkEventSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const type = value !== null && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string' ? (value as { type: string }).type : undefined;
  const issue = parsed.error.issues[0];
  const field = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw new JournalError(`${where}: not a valid ${type ? `"${type}" ` : ''}journal event: ${field}${issue?.message ?? 'unknown problem'}`);
};
