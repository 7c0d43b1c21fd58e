import { readProject, writeProject } from './codec';
import { type ProjectReply, type ProjectRequest, handleProjectRequest } from './protocol';

/** The project Web Worker: hashing and checking project files never runs on the UI thread. */

interface WorkerScope {
  postMessage(reply: ProjectReply): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ProjectRequest>) => void): void;
}

const scope = self as unknown as WorkerScope;
scope.addEventListener('message', (event) => {
  scope.postMessage(handleProjectRequest(event.data, readProject, writeProject));
});
