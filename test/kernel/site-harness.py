#!/usr/bin/env python3
"""Kernel side of Conduit's site differential test (see site-differential.test.ts).

For every site of a job it builds fresh network namespaces: one switch namespace holding a Linux
bridge per segment, and one namespace per firewall and per host, each interface a veth whose
peer is a port of its segment's bridge. Addresses, routes (with `via` next hops) and permanent
neighbour entries come from the job (site-model.ts), so no ARP is involved. The rulesets are
loaded into the firewalls with iptables-restore and dumped again with iptables-save, `ip -j addr`
and `ip -j route` (the files Conduit reads). Then each probe is sent as a real first packet from
its source host's namespace through a raw IP socket (the host's own routing picks the gateway)
and captured (AF_PACKET) in the destination host's namespace. Arrived = delivered = permit.

Completion without sleeps (the idea of harness.py, extended to several hops): the process is
pinned to one CPU, so every veth hop of every packet goes through that CPU's backlog in FIFO
order, each hop re-queued at the tail. A ping from a host to its gateway and back is 4 hops, and
every packet queued before it advances at least one hop per hop of the ping; the longest probe
path is 8 hops, so after PINGS sequential echo replies (4 x PINGS hops) every earlier probe has
been delivered or dropped. Probes that did not arrive are sent once more (a dropped first packet
leaves no conntrack entry where it was dropped); one that arrives then is reported as lost.

Usage: site-harness.py check | run JOB.json OUT.json | teardown PREFIX
"""
import json
import os
import re
import select
import signal
import socket
import struct
import sys
import time

from harness import Netns, backends, list_netns, log, sh, softnet_drops, sysctls
from packets import MAGIC, checksum, ipv4, l4_segment, parse_probe

ETH_P_ALL = 0x0003
PACKET_HOST = 0
SOL_PACKET, PACKET_STATISTICS = 263, 6
SO_RCVBUFFORCE = 33
READY_ID = 0xFFFF0000
SENTINEL_ID = 0xC0DF
BATCH = 128
PINGS = 3


def teardown(prefix):
    for name in list_netns():
        if name.startswith(prefix):
            sh(['ip', 'netns', 'del', name], check=False)


def reap_orphans():
    """Delete namespaces left by killed runs: names are cds-<pid>-..., and <pid> is gone."""
    for name in list_netns():
        m = re.match(r'cds-(\d+)-', name)
        if m and not os.path.exists('/proc/' + m.group(1)):
            sh(['ip', 'netns', 'del', name], check=False)


def batch(ns, cmds):
    if cmds:
        sh(['ip', '-n', ns, '-batch', '-'], '\n'.join(cmds) + '\n')


def build_site(pfx, nodes):
    """Namespaces pfx+'sw' (bridges) and pfx+node for every node; returns {node: ns}."""
    sw = pfx + 'sw'
    names = {n['name']: pfx + n['name'] for n in nodes}
    no_v6 = [('ipv6/conf/all/disable_ipv6', 1), ('ipv6/conf/default/disable_ipv6', 1)]
    sh(['ip', 'netns', 'add', sw])
    sysctls(sw, no_v6)
    segments = sorted({i['segment'] for n in nodes for i in n['ifaces']})
    sw_cmds = ['link set lo up']
    for seg in segments:
        sw_cmds += ['link add br%s type bridge stp_state 0' % seg, 'link set br%s up' % seg]
    batch(sw, sw_cmds)
    try:  # bridged frames must not cross iptables in the switch (only if br_netfilter is loaded)
        sysctls(sw, [('bridge/bridge-nf-call-iptables', 0)])
    except OSError:
        pass
    sw_cmds, late = [], {}
    for n in nodes:
        ns = names[n['name']]
        sh(['ip', 'netns', 'add', ns])
        fw = n['kind'] == 'fw'
        sysctls(ns, no_v6 + [('ipv4/conf/all/rp_filter', 0), ('ipv4/conf/default/rp_filter', 0),
                             ('ipv4/conf/all/accept_redirects', 0), ('ipv4/conf/all/send_redirects', 0),
                             ('ipv4/conf/default/send_redirects', 0),
                             ('ipv4/ip_forward', 1 if fw else 0)]
                + ([] if fw else [('ipv4/icmp_echo_ignore_all', 1)]))
        cmds = ['link set lo up']
        for i in n['ifaces']:
            port = '%s-%s' % (n['name'], i['name'])
            cmds += ['link add %s address %s type veth peer name %s netns %s' % (i['name'], i['mac'], port, sw),
                     'link set %s up' % i['name']]
            cmds += ['addr add %s/24 dev %s' % (a, i['name']) for a in i['addrs']]
            sw_cmds += ['link set %s master br%s' % (port, i['segment']), 'link set %s up' % port]
        batch(ns, cmds)
        later = []
        for r in n['routes']:
            later.append('route add %s via %s' % (r['dst'], r['via']))
        for i in n['ifaces']:  # every address on the segment, so that no packet waits for ARP
            for m in nodes:
                for j in m['ifaces']:
                    if j['segment'] == i['segment'] and m is not n:
                        later += ['neigh add %s lladdr %s dev %s nud permanent' % (a, j['mac'], i['name'])
                                  for a in j['addrs']]
        late[ns] = later
    batch(sw, sw_cmds)
    for ns, cmds in late.items():
        batch(ns, cmds)
    return names


class Bench:
    def __init__(self, hosts, names, pinger):
        """hosts: {name: [addr...]}; pinger: (host, gateway) pinged as the barrier."""
        self.tx, self.rx = {}, {}
        for h in hosts:
            with Netns(names[h]):
                tx = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
                tx.setblocking(False)
                rx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
                rx.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 16 << 20)
                rx.setblocking(False)
                self.tx[h], self.rx[h] = tx, rx
        self.ping_host, self.ping_dst = pinger
        with Netns(names[self.ping_host]):
            self.ping = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
            self.ping.setblocking(False)
        self.serial = 0
        self.fallbacks = 0

    def close(self):
        for s in list(self.tx.values()) + list(self.rx.values()) + [self.ping]:
            s.close()

    def drain(self, nonce, arrived, ready=False):
        """Collect probe ids (or readiness ids) delivered to a host: pid -> host."""
        for host, rx in self.rx.items():
            while True:
                try:
                    data, addr = rx.recvfrom(65535)
                except BlockingIOError:
                    break
                if addr[2] != PACKET_HOST or len(data) < 34:
                    continue
                if data[23] == 1 and data[14 + (data[14] & 0x0F) * 4] == 0:
                    continue  # an echo reply carries the request's payload
                pid = parse_probe(data, nonce)
                if pid is not None and (pid >= READY_ID) == ready:
                    arrived.setdefault(pid, host)

    def send(self, host, dst, data):
        sock = self.tx[host]
        for _ in range(1000):
            try:
                sock.sendto(data, (dst, 0))
                return
            except BlockingIOError:
                select.select([], [sock], [], 0.01)
            except OSError as e:
                if e.errno != 105:  # ENOBUFS: the queue is full for a moment
                    raise
                select.select([], [], [], 0.005)
        raise RuntimeError('could not send from %s to %s' % (host, dst))

    def barrier(self, nonce, arrived):
        for _ in range(PINGS):
            if not self.ping_once(nonce, arrived):
                self.fallbacks += 1  # no echo reply: fall back to "nothing new for 200 ms"
                quiet_since, seen = time.monotonic(), len(arrived)
                while time.monotonic() - quiet_since < 0.2:
                    select.select(list(self.rx.values()), [], [], 0.02)
                    self.drain(nonce, arrived)
                    if len(arrived) != seen:
                        quiet_since, seen = time.monotonic(), len(arrived)
                return

    def ping_once(self, nonce, arrived):
        self.serial += 1
        seq = self.serial & 0xFFFF
        icmp = struct.pack('!BBHHH', 8, 0, 0, SENTINEL_ID, seq) + b'barrier'
        icmp = icmp[:2] + struct.pack('!H', checksum(icmp)) + icmp[4:]
        self.ping.sendto(icmp, (self.ping_dst, 0))
        deadline = time.monotonic() + 3.0
        while time.monotonic() < deadline:
            select.select([self.ping], [], [], 0.05)
            while True:
                try:
                    data = self.ping.recv(65535)
                except BlockingIOError:
                    break
                hl = (data[0] & 0x0F) * 4
                if len(data) >= hl + 8 and data[hl] == 0 and \
                        struct.unpack('!HH', data[hl + 4:hl + 8]) == (SENTINEL_ID, seq):
                    self.drain(nonce, arrived)
                    return True
        return False

    def wait_ready(self, nonce, hosts):
        """Veth queues start as noop until linkwatch activates them: push a test datagram between
        every pair of hosts (no rules are loaded yet) until all come through. This also proves
        the addresses and routes give every host a path to every other."""
        pairs = [(a, b) for a in hosts for b in hosts if a != b]
        seen, deadline = {}, time.monotonic() + 20.0
        while time.monotonic() < deadline:
            for k, (a, b) in enumerate(pairs):
                if READY_ID + k not in seen:
                    src, dst = hosts[a][0], hosts[b][0]
                    payload = MAGIC + struct.pack('!II', nonce, READY_ID + k)
                    self.send(a, dst, ipv4(17, src, dst, l4_segment(17, src, dst, 9, 9, 0, 0, payload), k))
            select.select(list(self.rx.values()), [], [], 0.02)
            self.drain(nonce, seen, ready=True)
            if all(READY_ID + k in seen for k in range(len(pairs))):
                return
        missing = ['%s->%s' % p for k, p in enumerate(pairs) if READY_ID + k not in seen]
        raise RuntimeError('with no rules loaded, these host pairs never got a datagram through: %s'
                           % ', '.join(missing))

    def run_round(self, probes, nonce, arrived):
        for i in range(0, len(probes), BATCH):
            for p in probes[i:i + BATCH]:
                pid, host, proto, src, dst, sport, dport = p[:7]
                payload = MAGIC + struct.pack('!II', nonce, pid)
                l4 = l4_segment(proto, src, dst, sport, dport, 0x02, pid, payload)
                self.send(host, dst, ipv4(proto, src, dst, l4, pid & 0xFFFF))
            self.barrier(nonce, arrived)

    def rx_drops(self):
        return sum(struct.unpack('II', s.getsockopt(SOL_PACKET, PACKET_STATISTICS, 8))[1]
                   for s in self.rx.values())


def run_site(pfx, site, backend, nonce):
    started = time.monotonic()
    nodes = site['nodes']
    res = {'name': site['name'], 'backend': backend, 'arrived': {}, 'recovered': [], 'error': None,
           'saved': {}, 'addr': {}, 'route': {}}
    names = build_site(pfx, nodes)
    hosts = {n['name']: [a for i in n['ifaces'] for a in i['addrs']] for n in nodes if n['kind'] == 'host'}
    first = next(n for n in nodes if n['kind'] == 'host')
    gateway = next(r['via'] for r in first['routes'])
    bench = Bench(hosts, names, (first['name'], gateway))
    try:
        bench.wait_ready(nonce, hosts)
        for fw, rules in site['rules'].items():
            ns = names[fw]
            p = sh(['ip', 'netns', 'exec', ns, 'iptables-%s-restore' % backend], rules, check=False)
            if p.returncode != 0:
                res['error'] = '%s: iptables-%s-restore: %s' % (fw, backend, p.stderr.strip())
                return res
            res['saved'][fw] = sh(['ip', 'netns', 'exec', ns, 'iptables-%s-save' % backend]).stdout
            res['addr'][fw] = sh(['ip', '-n', ns, '-j', 'addr']).stdout
            res['route'][fw] = sh(['ip', '-n', ns, '-j', 'route']).stdout
        arrived, probes = {}, site['probes']
        drops0 = softnet_drops()
        t0 = time.monotonic()
        bench.run_round(probes, nonce, arrived)
        res['probeMs'] = round((time.monotonic() - t0) * 1000)
        missing = [p for p in probes if p[0] not in arrived]
        if missing:  # once more: anything that arrives now was lost, not denied
            bench.run_round(missing, nonce, arrived)
            res['recovered'] = [p[0] for p in missing if p[0] in arrived]
        res['arrived'] = {str(k): v for k, v in arrived.items()}
        res['socketDrops'] = bench.rx_drops()
        res['softnetDrops'] = softnet_drops() - drops0
        res['barrierFallbacks'] = bench.fallbacks
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
        for k, site in enumerate(job['sites']):
            pfx = '%s%d' % (prefix, k)
            try:
                results.append(run_site(pfx, site, flavours[k % len(flavours)], nonce))
            finally:
                teardown(pfx)
    finally:
        teardown(prefix)
    out = {'backends': flavours, 'ms': round((time.monotonic() - t0) * 1000), 'sites': results}
    with open(out_path, 'w') as f:
        json.dump(out, f)
    log('%d sites in %d ms (backends: %s)' % (len(results), out['ms'], ', '.join(flavours)))


def cmd_check():
    """Prints {"ok": bool, "reason": str}: can this machine build a site (bridges and veths in
    namespaces)? Root, iproute2, iptables and AF_PACKET are checked by `harness.py check`."""
    reason = ''
    name = 'cds-%d-check' % os.getpid()
    try:
        sh(['ip', 'netns', 'add', name])
        batch(name, ['link add brX type bridge stp_state 0', 'link add v0 type veth peer name v1',
                     'link set v1 master brX'])
        with Netns(name):
            socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW).close()
    except (RuntimeError, OSError) as e:
        reason = 'cannot build bridges and veth pairs in a network namespace: %s' % e
    finally:
        sh(['ip', 'netns', 'del', name], check=False)
    print(json.dumps({'ok': not reason, 'reason': reason}))


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
