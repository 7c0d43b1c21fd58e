import type { AnalysisEvent, AnalysisRequest, AnalysisWorkerLike } from '../../renderer/analysis/protocol';
import { handleAnalysisRequest, newSession } from '../../renderer/analysis/run-analysis';

/**
 * An analysis Worker stand-in: runs the real worker job on a later tick and posts structured
 * clones (so anything that would not survive postMessage fails here too). `hold` keeps requests
 * pending until `release()`, to test cancellation of a long analysis.
 */
export class FakeAnalysisWorker implements AnalysisWorkerLike {
  static created: FakeAnalysisWorker[] = [];
  readonly messages: AnalysisRequest[] = [];
  terminated = false;
  #session = newSession();
  #pending: AnalysisRequest[] = [];
  #onMessage: Array<(event: MessageEvent<AnalysisEvent>) => void> = [];
  #onError: Array<(event: ErrorEvent) => void> = [];

  constructor(private readonly hold = false) {
    FakeAnalysisWorker.created.push(this);
  }

  postMessage(message: AnalysisRequest): void {
    const copy = structuredClone(message);
    this.messages.push(copy);
    if (this.hold) this.#pending.push(copy);
    else setTimeout(() => this.run(copy), 0);
  }

  release(): void {
    for (const m of this.#pending.splice(0)) this.run(m);
  }

  private run(message: AnalysisRequest): void {
    if (this.terminated) return;
    handleAnalysisRequest(message, (event) => this.emit(event), this.#session);
  }

  addEventListener(
    type: 'message' | 'error',
    listener: ((event: MessageEvent<AnalysisEvent>) => void) | ((event: ErrorEvent) => void),
  ): void {
    if (type === 'message') this.#onMessage.push(listener as (event: MessageEvent<AnalysisEvent>) => void);
    else this.#onError.push(listener as (event: ErrorEvent) => void);
  }

  emit(event: AnalysisEvent): void {
    if (this.terminated) return;
    const data = structuredClone(event);
    for (const listener of this.#onMessage) listener({ data } as MessageEvent<AnalysisEvent>);
  }

  crash(message: string): void {
    for (const listener of this.#onError)
      listener({ message, preventDefault: () => undefined } as ErrorEvent);
  }

  terminate(): void {
    this.terminated = true;
  }
}
