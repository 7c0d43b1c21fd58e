import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { VendorId } from '../../models/device';
import { VENDOR_LABELS, detectVendor } from '../../models/import';
import type { ReportInput } from '../../models/report';
import { type Network, classifyInput } from '../../models/topology';
import { isProjectText, maxInputBytes, openProject } from '../io/project';
import { expandInputs, pipeDigests, readInput } from '../io/read-inputs';

/**
 * The input files of a report: each file's SHA-256 over its bytes as read, size, what it was
 * taken for and the vendor detected, so anyone can check they hold the same files. Files are
 * listed in the order the analysis read them, named as the analysis's SourceRefs name them. A
 * project file given as input is listed as its files, with the digests it holds (SHA-256 of the
 * UTF-8 text).
 */
export function reportInputs(args: readonly string[], network: Network, vendor?: VendorId): ReportInput[] {
  const out: ReportInput[] = [];
  for (const entry of expandInputs(args)) {
    const devices = network.devices.filter((d) => d.file === entry.name);
    let bytes: Buffer;
    try {
      // A pipe (/dev/stdin) was consumed by the analysis, which hashed it as it read it.
      if (fs.statSync(entry.path).isFIFO()) {
        const read = pipeDigests.get(entry.path);
        out.push({
          name: entry.name,
          sha256: read?.sha256 ?? '',
          bytes: read?.bytes ?? 0,
          kind: read ? (devices.length > 0 ? 'config (read from a pipe)' : 'stream') : 'stream (not read)',
          vendor: devices[0]?.vendor ?? null,
          vendorLabel: devices[0] ? VENDOR_LABELS[devices[0].vendor] : null,
          devices: devices.map((d) => d.name),
        });
        continue;
      }
      bytes = fs.readFileSync(entry.path);
    } catch {
      out.push({
        name: entry.name,
        sha256: '',
        bytes: 0,
        kind: 'unreadable',
        vendor: null,
        vendorLabel: null,
        devices: [],
      });
      continue;
    }
    const read = readInput(entry, maxInputBytes(entry.name));
    if (read.ok && entry.explicit && isProjectText(read.file.text, entry.name)) {
      // A project stands for its files: list them with the digests it holds (checked on load).
      const opened = openProject(entry.name, read.file.text);
      for (const f of opened.project.files) {
        const own = network.devices.filter((d) => d.file === f.name);
        const kind =
          f.name === opened.project.settings.resolvers
            ? 'resolver list'
            : own.length > 0
              ? 'config'
              : (classifyInput(f) ?? 'skipped');
        out.push({
          name: f.name,
          sha256: f.sha256,
          bytes: f.size,
          kind,
          vendor: own[0]?.vendor ?? null,
          vendorLabel: own[0] ? VENDOR_LABELS[own[0].vendor] : null,
          devices: own.map((d) => d.name),
        });
      }
      continue;
    }
    let kind = 'skipped';
    let detected: VendorId | null = devices[0]?.vendor ?? null;
    if (devices.length > 0) kind = 'config';
    else if (read.ok) {
      const k = vendor ? null : classifyInput(read.file);
      if (k !== null) kind = k;
      else detected = vendor ?? detectVendor(read.file.text);
    } else kind = read.problem.kind;
    out.push({
      name: entry.name,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
      kind,
      vendor: detected,
      vendorLabel: detected ? VENDOR_LABELS[detected] : null,
      devices: devices.map((d) => d.name),
    });
  }
  return out;
}
