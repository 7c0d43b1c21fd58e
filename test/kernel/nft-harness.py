#!/usr/bin/env python3
"""Kernel side of Conduit's nftables differential test (see nft-differential.test.ts).

The same three-namespace router as harness.py (client -> router -> server), with the ruleset
loaded by `nft -f -` instead of iptables-restore; only forward-hook chains are generated, so the
barrier pings to the router's own address pass. Arrived = the kernel forwarded it = permit.

Usage: nft-harness.py check | run JOB.json OUT.json | teardown PREFIX
"""
import json
import os
import shutil
import signal
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (ETH_P_ALL, Bench, Netns, build_topology, deliver, reap_orphans, sh,  # noqa: E402
                     teardown)


def run_ruleset(pfx, rs, routes, nonce):
    started = time.monotonic()
    cl, rt, sv = build_topology(pfx, routes)
    res = {'name': rs['name'], 'backend': 'nft', 'arrived': {}, 'recovered': 0, 'error': None}
    bench = Bench(cl, sv)
    try:
        bench.wait_ready(nonce)
        p = sh(['ip', 'netns', 'exec', rt, 'nft', '-f', '-'], rs['rules'], check=False)
        if p.returncode != 0:
            res['error'] = 'nft -f: %s' % p.stderr.strip()
            return res
        res['saved'] = sh(['ip', 'netns', 'exec', rt, 'nft', 'list', 'ruleset']).stdout
        res['savedJson'] = sh(['ip', 'netns', 'exec', rt, 'nft', '-j', 'list', 'ruleset']).stdout
        deliver(bench, rs['probes'], nonce, res)
    finally:
        bench.close()
    res['ms'] = round((time.monotonic() - started) * 1000)
    return res


def cmd_run(job_path, out_path):
    with open(job_path) as f:
        job = json.load(f)
    prefix, nonce = job['prefix'], job['nonce']
    reap_orphans()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    results, t0 = [], time.monotonic()
    try:
        for k, rs in enumerate(job['rulesets']):
            pfx = '%s%d' % (prefix, k)
            try:
                results.append(run_ruleset(pfx, rs, job['routes'], nonce))
            finally:
                teardown(pfx)
    finally:
        teardown(prefix)
    with open(out_path, 'w') as f:
        json.dump({'backends': ['nft'], 'ms': round((time.monotonic() - t0) * 1000), 'rulesets': results}, f)


def cmd_check():
    reason = ''
    if os.geteuid() != 0:
        reason = 'not root'
    elif not shutil.which('ip'):
        reason = "no 'ip' command (apt-get install iproute2)"
    elif not shutil.which('nft'):
        reason = "no 'nft' command (apt-get install nftables)"
    else:
        name = 'cdk-%d-check' % os.getpid()
        try:
            sh(['ip', 'netns', 'add', name])
            with Netns(name):
                socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL)).close()
            sh(['ip', 'netns', 'exec', name, 'nft', '-f', '-'],
               'table inet t {\n chain f {\n  type filter hook forward priority 0; policy drop;\n'
               '  ct state new tcp dport 22 accept\n }\n}\n')
        except (RuntimeError, OSError) as e:
            reason = 'network namespaces or nft unusable: %s' % e
        finally:
            sh(['ip', 'netns', 'del', name], check=False)
    print(json.dumps({'ok': not reason, 'reason': reason, 'backends': ['nft'] if not reason else []}))


def main(argv):
    os.environ['PATH'] = ':'.join([os.environ.get('PATH', '')] + ['/usr/local/sbin', '/usr/sbin', '/sbin'])
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if argv[:1] == ['check']:
        cmd_check()
    elif argv[:1] == ['run'] and len(argv) == 3:
        cmd_run(argv[1], argv[2])
    elif argv[:1] == ['teardown'] and len(argv) == 2:
        teardown(argv[1])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
