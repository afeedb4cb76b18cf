// A terminal for the Ink screens in tests and benchmarks: stdin that accepts keys as a raw-mode
// TTY delivers them, stdout that keeps every byte written.
import { EventEmitter } from 'node:events';

export class FakeStdin extends EventEmitter {
  isTTY = true;
  #queue: string[] = [];
  write(data: string) {
    this.#queue.push(data);
    this.emit('readable');
  }
  read = () => this.#queue.shift() ?? null;
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

export class FakeStdout extends EventEmitter {
  columns = 100;
  rows = 40;
  written = '';
  writes = 0;
  write = (chunk: string) => {
    this.written += chunk;
    this.writes++;
    return true;
  };
}
