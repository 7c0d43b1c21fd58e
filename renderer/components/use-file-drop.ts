import { useEffect, useRef, useState } from 'react';
import { type DropEntry, type NamedFile, droppedFiles } from '../host/dropped-entries';

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer !== null && [...event.dataTransfer.types].includes('Files');
}

/** The drop's entries, taken synchronously: the DataTransfer is emptied once the event returns. */
function entriesOf(transfer: DataTransfer): (DropEntry | null)[] {
  return [...transfer.items]
    .filter((item) => item.kind === 'file')
    .map((item) => (item.webkitGetAsEntry?.() ?? null) as DropEntry | null);
}

/**
 * Accepts files and folders dropped anywhere on the window and reports whether a file drag is
 * over it. Every file drag is cancelled, so the browser (or Electron) never navigates to a
 * dropped file.
 */
export function useFileDrop(
  onFiles: (files: NamedFile[]) => void,
  onError: (error: unknown) => void,
): boolean {
  const [dragging, setDragging] = useState(false);
  const depth = useRef(0);
  const callback = useRef(onFiles);
  callback.current = onFiles;
  const failed = useRef(onError);
  failed.current = onError;

  useEffect(() => {
    const onEnter = (event: DragEvent): void => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth.current++;
      setDragging(true);
    };
    const onOver = (event: DragEvent): void => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const onLeave = (event: DragEvent): void => {
      if (!carriesFiles(event)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    };
    const onDrop = (event: DragEvent): void => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth.current = 0;
      setDragging(false);
      if (!event.dataTransfer) return;
      const entries = entriesOf(event.dataTransfer);
      const files = [...event.dataTransfer.files];
      droppedFiles(entries, files)
        .then((named) => {
          if (named.length > 0) callback.current(named);
        })
        .catch((error: unknown) => failed.current(error));
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, []);

  return dragging;
}
