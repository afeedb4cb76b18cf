// The interactive walk: subscribes to the controller, draws the screen, turns keys into calls.
import { Box, useInput } from 'ink';
import { useEffect, useRef, useState } from 'react';
import type { WalkController } from '../walk/controller';
import type { WalkHeader } from './header-panel';
import { LineView } from './line-view';
import { composeScreen } from './screen';
import { useSnapshot } from './use-snapshot';
import { useTerminalSize } from './use-terminal-size';
import { handleKey, initialView, type Action, type ViewState } from './view-state';

export type { WalkHeader } from './header-panel';

export type ExitReason = 'quit' | 'done';

export interface WalkScreenProps {
  controller: WalkController;
  header: WalkHeader;
  postmortemPath?: string | undefined;
  onExit: (reason: ExitReason) => void;
}

export const STOPPED_BY_OPERATOR = 'stopped by the operator';

export function WalkScreen({ controller, header, postmortemPath, onExit }: WalkScreenProps) {
  const snapshot = useSnapshot(controller);
  const { columns, rows } = useTerminalSize();
  const [view, setView] = useState<ViewState>(initialView);
  // Keys can arrive faster than renders: the handler works on the latest view, not the rendered one.
  const viewRef = useRef(view);
  viewRef.current = view;
  const exited = useRef(false);
  const [left, setLeft] = useState(false);

  const screen = composeScreen({ snapshot, header, postmortemPath, view, columns, rows, final: left });

  const phaseKey = `${snapshot.state.path.length}:${snapshot.state.phase.kind}`;
  useEffect(() => {
    setView((v) => ({ ...v, option: 0, scroll: v.expanded ? v.scroll : 0 }));
  }, [phaseKey]);
  useEffect(() => {
    setView((v) => ({ ...v, scroll: 0 }));
  }, [screen.shownIndex]);

  const exit = (reason: ExitReason) => {
    if (exited.current) return;
    exited.current = true;
    setLeft(true);
    onExit(reason);
  };

  const perform = (action: Action) => {
    switch (action.kind) {
      case 'proceed':
        return controller.proceed();
      case 'answer':
        return controller.answer(action.option);
      case 'note':
        return controller.note(action.text);
      case 'quit':
        if (controller.snapshot.state.phase.kind !== 'concluded') controller.stop(STOPPED_BY_OPERATOR);
        return exit('quit');
      case 'done':
        return exit('done');
      case 'plan-fix':
        return void controller.planFix();
      case 'apply-fix':
        return void controller.applyFix();
      case 'verify-fix':
        return controller.verifyByHand();
    }
  };

  useInput((input, key) => {
    if (exited.current) return;
    const current = controller.snapshot;
    const { view: next, action } = handleKey(
      viewRef.current,
      { state: current.state, paused: current.paused, shownIndex: screen.shownIndex, scrollable: screen.scrollable, maxScroll: screen.maxScroll, page: screen.page, fix: screen.fix },
      input,
      key,
    );
    viewRef.current = next;
    setView(next);
    if (action) perform(action);
  });

  return (
    <Box paddingLeft={1} width={columns}>
      <LineView lines={screen.lines} width={screen.width} />
    </Box>
  );
}
