#!/usr/bin/env python3
"""Kernel side of Conduit's iptables differential test (see kernel-differential.test.ts).

For every ruleset of a job it builds three fresh network namespaces

    client --(c-lan0/lan0, c-lan1/lan1, c-dmz0/dmz0)--> router --(wan0/s-wan0, ot0/s-ot0)--> server

loads the ruleset into the router with iptables-restore, sends each probe as a hand-built
Ethernet frame from the client on the probe's input interface, and records which probes the
server captured (AF_PACKET) and on which interface. Arrived = the kernel forwarded it = permit.

Completion is not guessed with sleeps: the process is pinned to one CPU, so every frame goes
through the same per-CPU backlog in FIFO order; after each batch the client pings the router's
own lan0 address (INPUT/OUTPUT are untouched ACCEPT chains) and the echo reply can only come
back after every earlier probe has been forwarded and delivered. Probes that did not arrive are
sent once more (a deny is idempotent: dropped packets leave no conntrack entry) and any that
arrive then are reported as `recovered`, i.e. a lost packet, never silently taken as a deny.

Usage: harness.py check | run JOB.json OUT.json | teardown PREFIX
"""
import ctypes
import json
import os
import re
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time

from packets import MAGIC, checksum, frame as _frame, ipv4, l4_segment, parse_probe

CLONE_NEWNET = 0x40000000
ETH_P_ALL, ETH_P_IP = 0x0003, 0x0800
SOL_PACKET, PACKET_STATISTICS, PACKET_OUTGOING = 263, 6, 4
SO_RCVBUFFORCE = 33
SENTINEL_ID = 0xC0DE
READY_ID = 0xFFFF0000
BATCH = 256

# router interface -> (router ip, peer ip, /30) ; peers live in the client or the server namespace
IN_LINKS = {'lan0': ('100.64.0.1', '100.64.0.2'), 'lan1': ('100.64.0.5', '100.64.0.6'),
            'dmz0': ('100.64.0.9', '100.64.0.10')}
OUT_LINKS = {'wan0': ('100.64.1.1', '100.64.1.2'), 'ot0': ('100.64.1.5', '100.64.1.6')}
MACS = {name: ('02:00:00:00:%02x:01' % i, '02:00:00:00:%02x:02' % i)
        for i, name in enumerate(list(IN_LINKS) + list(OUT_LINKS), start=1)}

def frame(in_if, payload_ip):
    return _frame(*MACS[in_if], payload_ip)


_libc = ctypes.CDLL(None, use_errno=True)
_HOME = os.open('/proc/self/ns/net', os.O_RDONLY)


def log(msg):
    print('[harness] ' + msg, file=sys.stderr, flush=True)


def sh(cmd, stdin=None, check=True):
    p = subprocess.run(cmd, input=stdin, capture_output=True, text=True)
    if check and p.returncode != 0:
        raise RuntimeError('%s failed (%d): %s' % (' '.join(cmd), p.returncode, p.stderr.strip()))
    return p


def _setns(fd):
    if _libc.setns(fd, CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        raise OSError(err, 'setns: ' + os.strerror(err))


class Netns:
    """`with Netns(name):` runs the body (socket creation, /proc/self/net reads) inside `name`."""

    def __init__(self, name):
        self.name = name

    def __enter__(self):
        fd = os.open('/run/netns/' + self.name, os.O_RDONLY)
        try:
            _setns(fd)
        finally:
            os.close(fd)

    def __exit__(self, *_):
        _setns(_HOME)


# ---------------------------------------------------------------------------------------------
# backends and namespaces

def backends():
    """Usable iptables-restore flavours, honouring KERNEL_DIFF_BACKEND=nft|legacy."""
    want = os.environ.get('KERNEL_DIFF_BACKEND', 'auto')
    found = [b for b in ('nft', 'legacy') if shutil.which('iptables-%s-restore' % b)]
    if want != 'auto':
        found = [b for b in found if b == want]
    return found


def list_netns():
    try:
        return sorted(os.listdir('/run/netns'))
    except FileNotFoundError:
        return []


def teardown(prefix):
    for name in list_netns():
        if name.startswith(prefix):
            sh(['ip', 'netns', 'del', name], check=False)


def reap_orphans():
    """Delete namespaces left by killed runs: names are cdk-<pid>-..., and <pid> is gone."""
    for name in list_netns():
        m = re.match(r'cdk-(\d+)-', name)
        if m and not os.path.exists('/proc/' + m.group(1)):
            sh(['ip', 'netns', 'del', name], check=False)


def sysctls(ns, pairs):
    with Netns(ns):  # /proc/sys/net follows the calling thread's namespace
        for key, value in pairs:
            with open('/proc/sys/net/' + key, 'w') as f:
                f.write(str(value))


def build_topology(pfx, routes):
    cl, rt, sv = pfx + 'c', pfx + 'r', pfx + 's'
    for ns in (cl, rt, sv):
        sh(['ip', 'netns', 'add', ns])
        sysctls(ns, [('ipv6/conf/all/disable_ipv6', 1), ('ipv6/conf/default/disable_ipv6', 1),
                     ('ipv4/conf/all/rp_filter', 0), ('ipv4/conf/default/rp_filter', 0)])
    router, peers = ['link set lo up'], {cl: ['link set lo up'], sv: ['link set lo up']}
    for links, peer_ns, peer_prefix in ((IN_LINKS, cl, 'c-'), (OUT_LINKS, sv, 's-')):
        for name, (rip, pip) in links.items():
            rmac, pmac = MACS[name]
            router += ['link add %s address %s type veth peer name %s%s address %s netns %s'
                       % (name, rmac, peer_prefix, name, pmac, peer_ns),
                       'link set %s up' % name, 'addr add %s/30 dev %s' % (rip, name),
                       'neigh add %s lladdr %s dev %s nud permanent' % (pip, pmac, name)]
            peers[peer_ns] += ['link set %s%s up' % (peer_prefix, name),
                               'addr add %s/30 dev %s%s' % (pip, peer_prefix, name)]
    router += ['route add %s via %s dev %s' % (cidr, OUT_LINKS[dev][1], dev) for cidr, dev in routes]
    sh(['ip', '-n', rt, '-batch', '-'], '\n'.join(router) + '\n')
    for ns, cmds in peers.items():
        sh(['ip', '-n', ns, '-batch', '-'], '\n'.join(cmds) + '\n')
    sysctls(rt, [('ipv4/ip_forward', 1), ('ipv4/conf/all/send_redirects', 0)]
            + [('ipv4/conf/%s/rp_filter' % i, 0) for i in list(IN_LINKS) + list(OUT_LINKS)])
    return cl, rt, sv


# ---------------------------------------------------------------------------------------------
# one ruleset

class Bench:
    def __init__(self, cl, sv):
        # one unbound socket per side: binding and closing packet sockets each wait for an RCU
        # grace period, which would dominate the run time
        with Netns(cl):
            self.tx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_IP))
            self.tx.setblocking(False)
        with Netns(sv):
            self.rx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
            self.rx.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 64 << 20)
            self.rx.setblocking(False)
        self.serial = 0
        self.fallbacks = 0

    def close(self):
        self.tx.close()
        self.rx.close()

    def drain(self, nonce, arrived, ready=False):
        """Collect probe ids (or, with `ready`, readiness-frame ids) captured by the server."""
        while True:
            try:
                data, addr = self.rx.recvfrom(65535)
            except BlockingIOError:
                return
            if addr[2] == PACKET_OUTGOING:
                continue
            pid = parse_probe(data, nonce)
            if pid is not None and (pid >= READY_ID) == ready:
                arrived.setdefault(pid, addr[0][2:])

    def send(self, in_if, data):
        while True:
            try:
                self.tx.sendto(data, ('c-' + in_if, ETH_P_IP))
                return
            except BlockingIOError:
                select.select([], [self.tx], [], 0.01)

    def barrier(self, nonce, arrived):
        """Ping the router from c-lan0; its reply trails every earlier frame through the backlog."""
        self.serial += 1
        seq = self.serial & 0xFFFF
        rip, pip = IN_LINKS['lan0']
        icmp = struct.pack('!BBHHH', 8, 0, 0, SENTINEL_ID, seq) + b'barrier'
        icmp = icmp[:2] + struct.pack('!H', checksum(icmp)) + icmp[4:]
        sock = self.tx
        self.send('lan0', frame('lan0', ipv4(1, pip, rip, icmp, 0)))
        deadline = time.monotonic() + 3.0
        while time.monotonic() < deadline:
            select.select([sock, self.rx], [], [], 0.05)
            self.drain(nonce, arrived)
            while True:
                try:
                    data = sock.recv(65535)
                except BlockingIOError:
                    break
                if len(data) >= 42 and data[23] == 1 and data[34] == 0 and \
                        struct.unpack('!HH', data[38:42]) == (SENTINEL_ID, seq):
                    self.drain(nonce, arrived)
                    return
        self.fallbacks += 1  # no echo reply: fall back to "nothing new for 200 ms"
        quiet_since, seen = time.monotonic(), len(arrived)
        while time.monotonic() - quiet_since < 0.2:
            select.select([self.rx], [], [], 0.02)
            self.drain(nonce, arrived)
            if len(arrived) != seen:
                quiet_since, seen = time.monotonic(), len(arrived)

    def wait_ready(self, nonce):
        """Veth queues start as noop (dropping) until the kernel's linkwatch work activates them,
        which can lag under load: push a test frame over every in/out pair until all come through."""
        pairs = [(i, o) for i in IN_LINKS for o in OUT_LINKS]
        seen, deadline = {}, time.monotonic() + 15.0
        while time.monotonic() < deadline:
            for k, (in_if, out_if) in enumerate(pairs):
                if READY_ID + k not in seen:
                    payload = MAGIC + struct.pack('!II', nonce, READY_ID + k)
                    src, dst = IN_LINKS[in_if][1], OUT_LINKS[out_if][1]
                    self.send(in_if, frame(in_if, ipv4(17, src, dst, l4_segment(17, src, dst, 9, 9, 0, 0, payload), k)))
            select.select([self.rx], [], [], 0.02)
            self.drain(nonce, seen, ready=True)
            if all(READY_ID + k in seen for k in range(len(pairs))):
                return
        raise RuntimeError('the namespaces never forwarded a test frame on every path: %s' % sorted(seen))

    def run_round(self, probes, nonce, arrived):
        for i in range(0, len(probes), BATCH):
            for p in probes[i:i + BATCH]:
                pid, in_if, proto, src, dst, sport, dport = p[:7]
                payload = MAGIC + struct.pack('!II', nonce, pid)
                l4 = l4_segment(proto, src, dst, sport, dport, 0x02, pid, payload)
                self.send(in_if, frame(in_if, ipv4(proto, src, dst, l4, pid & 0xFFFF)))
            self.barrier(nonce, arrived)

    def rx_drops(self):
        raw = self.rx.getsockopt(SOL_PACKET, PACKET_STATISTICS, 8)
        return struct.unpack('II', raw)[1]


def softnet_drops():
    with open('/proc/net/softnet_stat') as f:
        return sum(int(line.split()[1], 16) for line in f)


def deliver(bench, probes, nonce, res):
    """Sends the probes, then resends what did not arrive (up to three rounds): anything that
    arrives then was lost the first time, not denied. Fills res with what arrived and the drops."""
    arrived = {}
    drops0 = softnet_drops()
    bench.run_round(probes, nonce, arrived)
    for _ in range(3):
        missing = [p for p in probes if p[0] not in arrived]
        before = len(arrived)
        if missing:
            bench.run_round(missing, nonce, arrived)
        if len(arrived) == before:
            break
        res['recovered'] += len(arrived) - before
    res['arrived'] = {str(k): v for k, v in arrived.items()}
    res['socketDrops'] = bench.rx_drops()
    res['softnetDrops'] = softnet_drops() - drops0
    res['barrierFallbacks'] = bench.fallbacks


def run_ruleset(pfx, rs, routes, backend, nonce):
    started = time.monotonic()
    want = rs.get('backend')
    if want == 'legacy' and want not in backends():  # see nftMistranslates in ipt-generate.ts
        return {'name': rs['name'], 'backend': None, 'arrived': {}, 'recovered': 0, 'error': None,
                'skipped': 'needs iptables-legacy, which is not available'}
    backend = want if want in backends() else backend
    cl, rt, sv = build_topology(pfx, routes)
    res = {'name': rs['name'], 'backend': backend, 'arrived': {}, 'recovered': 0, 'error': None}
    bench = Bench(cl, sv)
    try:
        bench.wait_ready(nonce)
        p = sh(['ip', 'netns', 'exec', rt, 'iptables-%s-restore' % backend], rs['rules'], check=False)
        if p.returncode != 0:
            res['error'] = 'iptables-%s-restore: %s' % (backend, p.stderr.strip())
            return res
        res['saved'] = sh(['ip', 'netns', 'exec', rt, 'iptables-%s-save' % backend]).stdout
        deliver(bench, rs['probes'], nonce, res)
    finally:
        bench.close()
    res['ms'] = round((time.monotonic() - started) * 1000)
    return res


def cmd_run(job_path, out_path):
    with open(job_path) as f:
        job = json.load(f)
    prefix, nonce = job['prefix'], job['nonce']
    flavours = backends()
    if not flavours:
        raise RuntimeError('no iptables-nft-restore / iptables-legacy-restore found')
    reap_orphans()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    results = []
    t0 = time.monotonic()
    try:
        for k, rs in enumerate(job['rulesets']):
            pfx = '%s%d' % (prefix, k)
            try:
                results.append(run_ruleset(pfx, rs, job['routes'], flavours[k % len(flavours)], nonce))
            finally:
                teardown(pfx)
    finally:
        teardown(prefix)
    out = {'backends': flavours, 'ms': round((time.monotonic() - t0) * 1000), 'rulesets': results}
    with open(out_path, 'w') as f:
        json.dump(out, f)
    log('%d rulesets in %d ms (backends: %s)' % (len(results), out['ms'], ', '.join(flavours)))


def cmd_check():
    """Prints {"ok": bool, "reason": str, "backends": [...]}: can this machine run the test?"""
    reason = ''
    if os.geteuid() != 0:
        reason = 'not root'
    elif not shutil.which('ip'):
        reason = "no 'ip' command (apt-get install iproute2)"
    elif not backends():
        reason = 'no iptables-nft-restore or iptables-legacy-restore (apt-get install iptables)'
    else:
        name = 'cdk-%d-check' % os.getpid()
        try:
            sh(['ip', 'netns', 'add', name])
            with Netns(name):
                socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL)).close()
            for b in backends():
                sh(['ip', 'netns', 'exec', name, 'iptables-%s-restore' % b],
                   '*filter\n:FORWARD DROP [0:0]\n-A FORWARD -p tcp -m conntrack --ctstate NEW -j ACCEPT\nCOMMIT\n')
        except (RuntimeError, OSError) as e:
            reason = 'network namespaces unusable: %s' % e
        finally:
            sh(['ip', 'netns', 'del', name], check=False)
    print(json.dumps({'ok': not reason, 'reason': reason, 'backends': backends() if not reason else []}))


def main(argv):
    # root's tools live in sbin, which a non-login PATH may lack
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
