import { useCallback, useSyncExternalStore } from 'react';
import type { Snapshot, WalkController } from '../walk/controller';

/** The controller's latest snapshot; the component re-renders whenever the walk changes. */
export function useSnapshot(controller: WalkController): Snapshot {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const unsubscribe = controller.subscribe(onChange);
      return () => void unsubscribe();
    },
    [controller],
  );
  return useSyncExternalStore(subscribe, () => controller.snapshot);
}
