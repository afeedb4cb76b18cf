// The exit codes scripts rely on (design.md).
export const EXIT = {
  done: 0,
  problem: 1,
  usage: 2,
  cluster: 3,
  interrupted: 130,
} as const;

/** Where messages go: anything with write(text). */
export interface TextSink {
  write(text: string): unknown;
}

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: TextSink;
}
