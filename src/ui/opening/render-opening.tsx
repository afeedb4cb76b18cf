// Runs the opening screen in the terminal until the operator chooses (or leaves).
import { render } from 'ink';
import { OpeningScreen, type OpeningChoice, type OpeningScreenProps } from './opening-screen';

export async function renderOpening(props: Omit<OpeningScreenProps, 'onDone'>, stdin: NodeJS.ReadStream = process.stdin, stdout: NodeJS.WriteStream = process.stdout): Promise<OpeningChoice | undefined> {
  let choice: OpeningChoice | undefined;
  const instance = render(
    <OpeningScreen
      {...props}
      onDone={(c) => {
        choice = c;
        setImmediate(() => instance.unmount());
      }}
    />,
    { stdin, stdout, exitOnCtrlC: false },
  );
  await instance.waitUntilExit();
  return choice;
}
