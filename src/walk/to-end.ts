// Walks without a person: continues past pauses and info steps; a question no check can
// answer ends the walk inconclusive, saying what would have been asked.
import type { Snapshot, WalkController } from './controller';

/** An operator's answer at a question: the option's index, or undefined when no one can answer. */
export type Answerer = (phase: Extract<Snapshot['state']['phase'], { kind: 'asking' }>) => number | undefined;

export async function walkToEnd(controller: WalkController, answerer?: Answerer): Promise<Snapshot> {
  for (;;) {
    const snapshot = await controller.settled();
    const { phase } = snapshot.state;
    if (phase.kind === 'concluded') return snapshot;
    const answer = phase.kind === 'asking' ? answerer?.(phase) : undefined;
    if (answer !== undefined) {
      controller.answer(answer);
      continue;
    }
    if (phase.kind === 'asking') {
      const what = phase.missingEvidence ? 'evidence is missing' : 'the runbook asks the operator';
      controller.stop(`Stopped at "${phase.step}": ${what} and no one can answer in a non-interactive run. ${phase.question} — ${phase.because}`);
    } else {
      controller.proceed();
    }
  }
}
