// Walks without a person: continues past pauses and info steps; a question no check can
// answer ends the walk inconclusive, saying what would have been asked.
import type { Snapshot, WalkController } from './controller';

export async function walkToEnd(controller: WalkController): Promise<Snapshot> {
  for (;;) {
    const snapshot = await controller.settled();
    const { phase } = snapshot.state;
    if (phase.kind === 'concluded') return snapshot;
    if (phase.kind === 'asking') {
      const what = phase.missingEvidence ? 'evidence is missing' : 'the runbook asks the operator';
      controller.stop(`Stopped at "${phase.step}": ${what} and no one can answer in a non-interactive run. ${phase.question} — ${phase.because}`);
    } else {
      controller.proceed();
    }
  }
}
