import { importConfig } from '../../models/import';
import type { WorkerEvent, WorkerLike, WorkerRequest } from '../../renderer/worker/protocol';
import { runImport, type ImportFn } from '../../renderer/worker/run-import';
import { readSiteInput } from '../../renderer/worker/site-input';

/** A Worker stand-in that runs the real worker job on the next tick and posts structured clones. */
export class FakeWorker implements WorkerLike {
  readonly messages: WorkerRequest[] = [];
  terminated = false;
  #onMessage: Array<(event: MessageEvent<WorkerEvent>) => void> = [];
  #onError: Array<(event: ErrorEvent) => void> = [];

  constructor(private readonly importFile: ImportFn = (file) => importConfig(file)) {}

  postMessage(message: WorkerRequest): void {
    this.messages.push(structuredClone(message));
    setTimeout(
      () => runImport(message, (event) => this.emit(event), this.importFile, undefined, readSiteInput),
      0,
    );
  }

  addEventListener(
    type: 'message' | 'error',
    listener: ((event: MessageEvent<WorkerEvent>) => void) | ((event: ErrorEvent) => void),
  ): void {
    if (type === 'message') this.#onMessage.push(listener as (event: MessageEvent<WorkerEvent>) => void);
    else this.#onError.push(listener as (event: ErrorEvent) => void);
  }

  emit(event: WorkerEvent): void {
    const data = structuredClone(event);
    for (const listener of this.#onMessage) listener({ data } as MessageEvent<WorkerEvent>);
  }

  crash(message: string): void {
    for (const listener of this.#onError)
      listener({ message, preventDefault: () => undefined } as ErrorEvent);
  }

  terminate(): void {
    this.terminated = true;
  }
}
