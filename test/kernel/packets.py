"""Hand-built IPv4 probe packets for harness.py, with correct IP/TCP/UDP/ICMP checksums (conntrack
drops bad ones as INVALID), and the parser that finds a probe's id in a captured frame."""
import socket
import struct

MAGIC = b'CDKT'


def checksum(data):
    if len(data) % 2:
        data += b'\0'
    s = sum(struct.unpack('!%dH' % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ipv4(proto, src, dst, l4, ident):
    s, d = socket.inet_aton(src), socket.inet_aton(dst)
    hdr = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(l4), ident, 0x4000, 64, proto, 0, s, d)
    return hdr[:10] + struct.pack('!H', checksum(hdr)) + hdr[12:] + l4


def l4_segment(proto, src, dst, sport, dport, flags, serial, payload):
    pseudo = socket.inet_aton(src) + socket.inet_aton(dst)
    if proto == 6:
        seg = struct.pack('!HHIIBBHHH', sport, dport, 0x10000 + serial, 0, 5 << 4, flags, 64240, 0, 0) + payload
        c = checksum(pseudo + struct.pack('!BBH', 0, 6, len(seg)) + seg)
        return seg[:16] + struct.pack('!H', c) + seg[18:]
    if proto == 17:
        seg = struct.pack('!HHHH', sport, dport, 8 + len(payload), 0) + payload
        c = checksum(pseudo + struct.pack('!BBH', 0, 17, len(seg)) + seg) or 0xFFFF
        return seg[:6] + struct.pack('!H', c) + seg[8:]
    if proto == 1:  # sport = code, dport = type; id/seq make the echo-style conntrack tuple unique
        msg = struct.pack('!BBHHH', dport, sport, 0, serial & 0xFFFF, serial >> 16) + payload
        return msg[:2] + struct.pack('!H', checksum(msg)) + msg[4:]
    return payload


def frame(rmac, pmac, payload_ip):
    """Ethernet frame from the client side of a link (peer MAC) to the router side (router MAC)."""
    return bytes.fromhex(rmac.replace(':', '')) + bytes.fromhex(pmac.replace(':', '')) + b'\x08\x00' + payload_ip


def parse_probe(data, nonce):
    """Probe id carried by an IPv4 frame, or None (REJECT's RSTs/ICMP errors carry no magic here)."""
    if len(data) < 34 or data[12:14] != b'\x08\x00':
        return None
    l4 = 14 + (data[14] & 0x0F) * 4
    proto = data[23]
    if proto == 6 and len(data) >= l4 + 20:
        off = l4 + (data[l4 + 12] >> 4) * 4
    elif proto in (1, 17):
        off = l4 + 8
    else:
        off = l4
    if data[off:off + 4] != MAGIC or len(data) < off + 12:
        return None
    got_nonce, pid = struct.unpack('!II', data[off + 4:off + 12])
    return pid if got_nonce == nonce else None
