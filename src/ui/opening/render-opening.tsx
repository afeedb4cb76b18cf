// Runs the opening screen in the terminal until the operator chooses (or leaves). The first frame
// is drawn at once; the screen proper appears when its library (runbooks, kubeconfig) has loaded.
import { Box, render, Text } from 'ink';
import { useEffect, useState } from 'react';
import { OpeningScreen, type OpeningChoice, type OpeningScreenProps } from './opening-screen';

export type OpeningLibrary = { ok: true; screen: Omit<OpeningScreenProps, 'onDone'> } | { ok: false; message: string; code: number };

export type OpeningOutcome = { ok: true; choice: OpeningChoice | undefined } | { ok: false; message: string; code: number };

export async function renderOpening(library: Promise<OpeningLibrary>, stdin: NodeJS.ReadStream = process.stdin, stdout: NodeJS.WriteStream = process.stdout): Promise<OpeningOutcome> {
  let outcome: OpeningOutcome = { ok: true, choice: undefined };
  const instance = render(
    <LoadingOpening
      library={library}
      onDone={(o) => {
        outcome = o;
        setImmediate(() => instance.unmount());
      }}
    />,
    { stdin, stdout, exitOnCtrlC: false },
  );
  await instance.waitUntilExit();
  return outcome;
}

function LoadingOpening({ library, onDone }: { library: Promise<OpeningLibrary>; onDone: (o: OpeningOutcome) => void }) {
  const [loaded, setLoaded] = useState<OpeningLibrary>();
  useEffect(() => {
    void library.then(
      (l) => (l.ok ? setLoaded(l) : onDone(l)),
      (e: unknown) => onDone({ ok: false, message: `cannot load the runbooks: ${(e as Error).message}`, code: 1 }),
    );
  }, [library]);
  if (!loaded?.ok) {
    return (
      <Box flexDirection="column">
        <Text bold>runbook — what do you see?</Text>
        <Text dimColor>loading the runbooks and the kubeconfig…</Text>
      </Box>
    );
  }
  return <OpeningScreen {...loaded.screen} onDone={(choice) => onDone({ ok: true, choice })} />;
}
