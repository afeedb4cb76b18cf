// Applying the conclusion's fix from the walk: what the plan found (permissions, the server's dry
// run, the diff), the confirmation, progress of the apply and rollout, the undo, and whether the
// verification that followed cleared the symptom.
import type { WalkState } from '../engine/state';
import type { FixStatus, Snapshot } from '../walk/controller';
import type { WalkHeader } from './header-panel';
import { fitLine, paragraph, seg, spinner, type Line } from './lines';
import { sanitizeLine, sanitizeOutput } from '../session/sanitize';
import { formatArgv } from '../cluster/display';
import { outputLines } from './text-layout';

const INDENT = '  ';

/** What the keys and panels need to know about applying the current conclusion's fix. */
export interface FixView {
  /** `a` plans (or re-plans) the fix: the conclusion has a Kubernetes change not yet applied. */
  offered: boolean;
  /** Where applying this conclusion's fix stands, once `a` was pressed. */
  status?: FixStatus | undefined;
  context: string;
  namespace: string;
  /** The context looks like production: its name must be typed to apply. */
  typed: boolean;
  /** `v` runs the fix's verification step: for a fix the operator carried out by hand. */
  verifiable: boolean;
}

export function fixView(snapshot: Snapshot, header: WalkHeader): FixView {
  const phase = snapshot.state.phase;
  const conclusion = phase.kind === 'concluded' ? phase.conclusion : undefined;
  const status = conclusion && snapshot.fix?.step === conclusion.step ? snapshot.fix : undefined;
  const busy = status?.stage === 'planning' || status?.stage === 'applying' || status?.stage === 'rolling-out' || status?.stage === 'applied';
  const namespace = conclusion?.fix?.patch?.namespace ?? header.namespace;
  return {
    offered: Boolean(conclusion?.fix?.patch) && !busy,
    status,
    context: header.context,
    namespace,
    typed: Boolean(header.production),
    verifiable: Boolean(conclusion?.fix?.verify) && !busy,
  };
}

/** The fix's plan and progress, under the fix in the conclusion panel. */
export function fixStatusLines(status: FixStatus, width: number): Line[] {
  const lines: Line[] = [[]];
  switch (status.stage) {
    case 'planning':
      lines.push([seg(INDENT), spinner(), seg(' checking permissions and a server-side dry run…', { dim: true })]);
      return lines;
    case 'planned':
    case 'applying':
    case 'rolling-out':
    case 'applied':
    case 'failed': {
      const { plan } = status;
      lines.push([seg(INDENT), seg('Applying from here', { bold: true })]);
      for (const p of plan.permissions) {
        const where = p.namespace ? ` in ${p.namespace}` : '';
        lines.push(fitLine([seg(INDENT + '  '), seg(p.allowed ? '✓' : '✗', { color: p.allowed ? 'green' : 'red' }), seg(` may ${p.verb} ${p.resource} "${sanitizeLine(p.name)}"${where}`)], width));
      }
      if (!plan.applicable) {
        lines.push(...paragraph(`cannot apply: ${plan.reason}. Print it for a change request, or apply it where it is managed.`, width, { color: 'yellow' }, INDENT + '  ', INDENT + '  '));
      } else {
        lines.push(fitLine([seg(INDENT + '  '), seg('✓', { color: 'green' }), seg(' the server accepted the change in a dry run')], width));
      }
      if (plan.diff) lines.push(...diffLines(plan.diff, width));
      lines.push(...progressLines(status, width));
      return lines;
    }
  }
}

function progressLines(status: FixStatus, width: number): Line[] {
  switch (status.stage) {
    case 'applying':
      return [[seg(INDENT), spinner(), seg(' applying…')]];
    case 'rolling-out':
      return [fitLine([seg(INDENT), spinner(), seg(` applied; ${sanitizeLine(status.progress)}`)], width)];
    case 'failed':
      return paragraph(`applying failed: ${status.message}`, width, { color: 'red' }, INDENT + '  ', INDENT);
    case 'applied': {
      const lines: Line[] = [fitLine([seg(INDENT), seg('✓ applied', { color: 'green', bold: true })], width)];
      if (status.rollout) {
        const color = status.rollout.status === 'done' ? 'green' : 'yellow';
        lines.push(...paragraph(status.rollout.message, width, { color }, INDENT + '  ', INDENT + '  '));
      }
      lines.push(...paragraph(formatArgv(status.change.undo.kubectl), width, { dim: true }, INDENT + '        ', INDENT + '  undo: '));
      return lines;
    }
    default:
      return [];
  }
}

/** A unified diff, + green and - red, at most `max` lines. */
function diffLines(diff: string, width: number, max = 40): Line[] {
  const rows = outputLines(sanitizeOutput(diff), Math.max(8, width - INDENT.length - 2));
  const shown = rows.slice(0, max).map((row): Line => {
    const color = row.startsWith('+') && !row.startsWith('+++') ? 'green' : row.startsWith('-') && !row.startsWith('---') ? 'red' : undefined;
    return [seg(INDENT + '  '), seg(row, { color, dim: color === undefined })];
  });
  if (rows.length > max) shown.push([seg(`${INDENT}  … ${rows.length - max} more diff lines`, { dim: true })]);
  return shown;
}

/** Fixes carried out earlier in this walk (from here or by hand) and what their verification showed. */
export function appliedEarlierLines(state: WalkState, snapshot: Snapshot, currentStep: string, width: number): Line[] {
  const lines: Line[] = [];
  for (const verification of state.verifications) {
    const applied = [...snapshot.applied].reverse().find((a) => a.step === verification.fixStep);
    if (verification.fixStep === currentStep && verification.verified === undefined) continue;
    const how = applied ? 'applied' : 'applied by hand';
    const outcome =
      verification.verified === true
        ? { text: `verified: "${verification.verifyStep}" no longer leads to it`, color: 'green' as const }
        : verification.verified === false
          ? { text: `not verified: the walk still ends at a problem${verification.fixStep === currentStep ? ', the same one' : ''}`, color: 'red' as const }
          : { text: 'verifying', color: 'yellow' as const };
    lines.push(...paragraph(`fix of ${verification.fixStep} ${how} — ${outcome.text}`, width, { color: outcome.color }, INDENT + '  ', ''));
    if (applied) lines.push(...paragraph(formatArgv(applied.change.undo.kubectl), width, { dim: true }, INDENT + '        ', INDENT + 'undo: '));
  }
  return lines;
}

/** The confirmation line of the footer while `a` is active. */
export function confirmLine(view: FixView, typed: string, width: number): Line {
  const status = view.status;
  if (!status || status.stage === 'planning') return fitLine([spinner(), seg(' planning the fix: permissions, dry run, diff…', { dim: true })], width);
  if (status.stage !== 'planned') return fitLine([seg(sanitizeLine(`fix ${status.stage}`), { dim: true })], width);
  if (!status.plan.applicable) return fitLine([seg('cannot apply: ', { color: 'yellow', bold: true }), seg(sanitizeLine(status.plan.reason))], width);
  const where = [seg('context ', { dim: true }), seg(sanitizeLine(view.context), { bold: true, color: view.typed ? 'red' : undefined }), seg(' namespace ', { dim: true }), seg(sanitizeLine(view.namespace), { bold: true })];
  if (!view.typed) return fitLine([seg('Apply this change to ', { color: 'yellow', bold: true }), ...where, seg('? ', { color: 'yellow', bold: true }), seg('y/n')], width);
  const matches = typed.trim() === view.context;
  return fitLine(
    [
      seg('production: ', { color: 'red', bold: true }),
      seg('type '),
      seg(sanitizeLine(view.context), { bold: true, color: 'red' }),
      seg(' to apply in namespace '),
      seg(sanitizeLine(view.namespace), { bold: true }),
      seg(' › '),
      seg(sanitizeLine(typed)),
      seg(' ', { inverse: true }),
      ...(typed && !matches ? [seg('  (does not match)', { dim: true })] : []),
    ],
    width,
  );
}
