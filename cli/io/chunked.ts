/** Collects output and hands it on in ~1 MB chunks, so no single string grows past what V8 allows. */
export class ChunkedWriter {
  private parts: string[] = [];
  private size = 0;

  constructor(
    private readonly sink: (chunk: string) => void,
    private readonly limit = 1 << 20,
  ) {}

  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= this.limit) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    this.sink(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

/**
 * Writes `items` as the elements of a JSON array, one compact element per line, indented by
 * `indent`, without building the whole array as one string.
 */
export function writeJsonArray<T>(
  out: ChunkedWriter,
  items: Iterable<T>,
  indent: string,
  toJson: (item: T) => unknown = (x) => x,
): void {
  out.write('[');
  let first = true;
  for (const item of items) {
    out.write(`${first ? '' : ','}\n${indent}  ${JSON.stringify(toJson(item))}`);
    first = false;
  }
  out.write(first ? ']' : `\n${indent}]`);
}
