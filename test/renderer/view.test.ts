import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../models/diagnostics';
import { csvCell, diagnosticsToCsv } from '../../renderer/export/diagnostics-csv';
import { partitionLists, pipelines } from '../../renderer/view/device-view';
import type { LateralMovement } from '../../models/paths';
import { blastView } from '../../renderer/analysis/build-view';
import type { DeviceSummary, ListSummary } from '../../renderer/worker/summary';

const list = (name: string, ruleCount: number, fallThrough: ListSummary['fallThrough']): ListSummary => ({
  name,
  ruleCount,
  actions: { permit: ruleCount, deny: 0, jump: 0, other: 0 },
  fallThrough,
  line: null,
  uncertainCount: 0,
});

const device: DeviceSummary = {
  key: 'f1/0',
  name: 'fw',
  vendor: 'iptables',
  file: 'fw.conf',
  ruleCount: 3,
  lists: [
    list('mangle/INPUT', 0, 'permit'),
    list('filter/INPUT', 3, 'deny'),
    list('filter/FORWARD', 0, 'deny'),
    list('user', 0, 'return'),
  ],
  bindings: [
    { attachment: 'to-device', list: 'mangle/INPUT' },
    { attachment: 'transit', list: 'filter/FORWARD' },
    { attachment: 'to-device', list: 'filter/INPUT' },
    { attachment: 'transit', list: 'filter/FORWARD', inInterface: 'eth0' },
  ],
  interfaces: [],
  zones: [],
  routeCount: 0,
  natCount: 0,
  support: { filtering: 'full', nat: 'none', routes: 'absent', notes: [] },
};

describe('device view', () => {
  it('folds away empty lists that cannot change a verdict, but keeps empty deny lists', () => {
    const { shown, noOps } = partitionLists(device);
    expect(shown.map((l) => l.name)).toEqual(['filter/INPUT', 'filter/FORWARD']);
    expect(noOps.map((l) => l.name)).toEqual(['mangle/INPUT', 'user']);
  });

  it('groups bindings into evaluation pipelines per traffic kind and interfaces', () => {
    expect(pipelines(device)).toEqual([
      {
        attachment: 'transit',
        inInterface: null,
        outInterface: null,
        steps: [{ list: 'filter/FORWARD', noOp: false }],
      },
      {
        attachment: 'transit',
        inInterface: 'eth0',
        outInterface: null,
        steps: [{ list: 'filter/FORWARD', noOp: false }],
      },
      {
        attachment: 'to-device',
        inInterface: null,
        outInterface: null,
        steps: [
          { list: 'mangle/INPUT', noOp: true },
          { list: 'filter/INPUT', noOp: false },
        ],
      },
    ]);
  });
});

describe('diagnostics CSV', () => {
  it('quotes per RFC 4180 and defuses spreadsheet formulas from config text', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell('-A INPUT -j ACCEPT')).toBe("'-A INPUT -j ACCEPT");
    expect(csvCell('@SUM(1)')).toBe("'@SUM(1)");
    expect(csvCell(-1)).toBe('-1');
  });

  it('writes one row per diagnostic under a fixed header', () => {
    const d: Diagnostic = {
      code: 'unrecognized-line',
      severity: 'warning',
      stage: 'parse',
      message: 'not an iptables-save line',
      source: { file: 'fw.conf', line: 3, endLine: 3, text: 'garbage, "quoted"' },
    };
    expect(diagnosticsToCsv([d])).toBe(
      'severity,code,stage,file,line,end_line,message,text\r\nwarning,unrecognized-line,parse,fw.conf,3,3,not an iptables-save line,"garbage, ""quoted"""\r\n',
    );
  });
});

describe('implicit deny', () => {
  it('never folds an empty list that denies implicitly', () => {
    const device = {
      lists: [list('FILTER_IN', 0, 'implicit-deny'), list('mangle/INPUT', 0, 'permit')],
    } as unknown as Parameters<typeof partitionLists>[0];
    const { shown, noOps } = partitionLists(device);
    expect(shown.map((l) => l.name)).toEqual(['FILTER_IN']);
    expect(noOps.map((l) => l.name)).toEqual(['mangle/INPUT']);
  });
});

describe('blast radius view', () => {
  it('ranks foothold classes by what they control and lists levels from the process up', () => {
    const lateral: LateralMovement = {
      footholds: ['a', 'b', 'c'],
      targets: [],
      unreachableTargets: [],
      classes: 3,
      pairsEvaluated: 0,
      blastRadius: [
        { foothold: 'a', controlled: 5, byLevel: { '4': 3, '2': 2 }, targetsReached: 1 },
        {
          foothold: 'b',
          controlled: 9,
          byLevel: { internet: 1, unknown: 2, '3.5': 4, '0': 2, '5': 0 },
          targetsReached: 2,
        },
        { foothold: 'c', controlled: 5, byLevel: {}, targetsReached: 3 },
      ],
    };
    const view = blastView(lateral);
    expect(view.map((b) => b.foothold)).toEqual(['b', 'c', 'a']);
    expect(view[0]!.byLevel).toEqual([
      ['L0', 2],
      ['L3.5', 4],
      ['internet', 1],
      ['unknown level', 2],
    ]);
    expect(view[2]!.byLevel).toEqual([
      ['L2', 2],
      ['L4', 3],
    ]);
  });
});
