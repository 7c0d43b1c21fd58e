import { describe, expect, it } from 'vitest';
import { CURRENT_VERSION, PROJECT_FORMAT, sha256Text } from '../../models/project';
import { type ProjectDraft, readProject, writeProject } from '../../renderer/project/codec';
import {
  type ProjectReply,
  type ProjectRequest,
  handleProjectRequest,
} from '../../renderer/project/protocol';
import { type ProjectWorkerLike, createWorkerCodec } from '../../renderer/project/worker-codec';

/** A project Worker stand-in: the real handler, on a later tick, with structured clones both ways. */
class FakeProjectWorker implements ProjectWorkerLike {
  #onMessage: ((event: MessageEvent<ProjectReply>) => void)[] = [];
  #onError: ((event: ErrorEvent) => void)[] = [];
  constructor(private readonly crash = false) {}
  postMessage(message: ProjectRequest): void {
    const copy = structuredClone(message);
    setTimeout(() => {
      if (this.crash) {
        for (const l of this.#onError) l({ message: 'boom', preventDefault: () => undefined } as ErrorEvent);
        return;
      }
      const data = structuredClone(handleProjectRequest(copy, readProject, writeProject));
      for (const l of this.#onMessage) l({ data } as MessageEvent<ProjectReply>);
    }, 0);
  }
  addEventListener(type: 'message' | 'error', listener: never): void {
    if (type === 'message') this.#onMessage.push(listener);
    else this.#onError.push(listener);
  }
  terminate(): void {}
}

const draft: ProjectDraft = {
  format: PROJECT_FORMAT,
  version: CURRENT_VERSION,
  name: 'plant',
  createdAt: '2026-12-04T12:00:00.000Z',
  savedAt: '2026-12-04T12:00:00.000Z',
  tool: { name: 'Conduit', version: '9' },
  files: [{ name: 'fw1.cfg', text: 'access-list x extended permit ip any any\n' }],
  settings: { from: ['corp'], to: [] },
  edits: [{ kind: 'disable', device: 'fw1', rule: 'x#1' }],
  view: { tab: 'paths' },
};

describe('the project codec in a worker', () => {
  it('writes digests in the worker and reads back the same project, several requests at once', async () => {
    const codec = createWorkerCodec(() => new FakeProjectWorker());
    const [text, again] = await Promise.all([codec.write(draft), codec.write(draft)]);
    expect(again).toBe(text);
    const read = await codec.read(text, 'plant.conduit');
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.project.files[0]!.sha256).toBe(sha256Text(draft.files[0]!.text));
    expect(read.project.edits).toEqual(draft.edits);
    const bad = await codec.read(text.replace('"version": 1', '"version": 9'), 'plant.conduit');
    expect(bad).toMatchObject({ ok: false, message: expect.stringMatching(/^plant\.conduit:\d+: .*newer/) });
  });

  it('fails the waiting requests when the worker dies, and starts a new one for the next', async () => {
    let crash = true;
    const codec = createWorkerCodec(() => new FakeProjectWorker(crash));
    await expect(codec.write(draft)).rejects.toThrow('the project worker stopped: boom');
    crash = false;
    await expect(codec.write(draft)).resolves.toContain('"format": "conduit-project"');
  });
});
