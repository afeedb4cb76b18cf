// Output collectors that cannot grow without bound: past the cap, the first and last halves are
// kept and the middle is replaced by a marker saying how much was dropped.

export const DEFAULT_OUTPUT_CAP = 1024 * 1024;

export function omittedMarker(bytes: number): string {
  return `\n… [${bytes} bytes omitted] …\n`;
}

export class CappedText {
  private readonly half: number;
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private omitted = 0;

  constructor(cap = DEFAULT_OUTPUT_CAP) {
    this.half = Math.max(1, Math.floor(cap / 2));
  }

  write(chunk: Buffer | string): void {
    let rest = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (this.headBytes < this.half) {
      const take = Math.min(this.half - this.headBytes, rest.length);
      this.head.push(rest.subarray(0, take));
      this.headBytes += take;
      rest = rest.subarray(take);
    }
    if (rest.length === 0) return;
    this.tail.push(rest);
    this.tailBytes += rest.length;
    while (this.tailBytes > this.half) {
      const first = this.tail[0]!;
      const excess = this.tailBytes - this.half;
      if (first.length <= excess) {
        this.tail.shift();
        this.tailBytes -= first.length;
        this.omitted += first.length;
      } else {
        this.tail[0] = first.subarray(excess);
        this.tailBytes -= excess;
        this.omitted += excess;
      }
    }
  }

  get truncated(): boolean {
    return this.omitted > 0;
  }

  toString(): string {
    const head = Buffer.concat(this.head).toString('utf8');
    const tail = Buffer.concat(this.tail).toString('utf8');
    return this.omitted ? head + omittedMarker(this.omitted) + tail : head + tail;
  }
}

export function capText(text: string, cap = DEFAULT_OUTPUT_CAP): string {
  if (Buffer.byteLength(text, 'utf8') <= cap) return text;
  const collector = new CappedText(cap);
  collector.write(text);
  return collector.toString();
}
