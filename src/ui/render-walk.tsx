// Runs the interactive walk in the terminal until the operator leaves.
import { render } from 'ink';
import { useEffect, useState } from 'react';
import type { WalkController } from '../walk/controller';
import { WalkScreen, type ExitReason, type WalkHeader } from './walk-screen';

export interface RenderWalkOptions {
  controller: WalkController;
  header: WalkHeader;
  /** Where the postmortem was written; asked again until it answers (it is written after the walk concludes). */
  postmortemPath?: () => string | undefined;
  /** The terminal; process.stdin / process.stdout by default. */
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
}

/** How often the postmortem path is asked for while it is not known yet. */
const POSTMORTEM_POLL_MS = 200;

/**
 * Renders the walk and resolves when the operator leaves: 'done' after the conclusion, 'quit'
 * when they stopped the walk before it (the controller then records the walk as stopped).
 * Needs a terminal on stdin; a caller without one should drive the controller itself.
 */
export async function renderWalk(opts: RenderWalkOptions): Promise<ExitReason> {
  const { stdin = process.stdin, stdout = process.stdout, ...app } = opts;
  if (!stdin.isTTY) throw new Error('the interactive walk needs a terminal on stdin');
  let reason: ExitReason = 'quit';
  const instance = render(
    <WalkApp
      {...app}
      onExit={(r) => {
        reason = r;
        // Let the last frame (the conclusion, or the walk marked stopped) reach the terminal first.
        setImmediate(() => instance.unmount());
      }}
    />,
    // ctrl+c is a key like q: the walk is stopped and recorded, not cut off.
    { stdin, stdout, exitOnCtrlC: false },
  );
  await instance.waitUntilExit();
  return reason;
}

function WalkApp({ controller, header, postmortemPath, onExit }: RenderWalkOptions & { onExit: (r: ExitReason) => void }) {
  const path = usePolled(postmortemPath);
  return <WalkScreen controller={controller} header={header} postmortemPath={path} onExit={onExit} />;
}

function usePolled(get: (() => string | undefined) | undefined): string | undefined {
  const [value, setValue] = useState(() => get?.());
  useEffect(() => {
    if (!get || value !== undefined) return;
    const timer = setInterval(() => setValue(get()), POSTMORTEM_POLL_MS);
    return () => clearInterval(timer);
  }, [get, value]);
  return value;
}
