/**
 * The dnscrypt-resolvers list carries no DoT stamps, yet most large DoH operators also serve
 * DNS-over-TLS (tcp/853) on the same addresses. A DoH stamp whose TLS host name is in this table
 * therefore also yields a DoT endpoint at its addresses, marked `assumed: true`; every other DoH
 * host yields none (unknown is not assumed). Keys are host names as they appear in stamps (IP
 * literals included: several operators use the address as the TLS name). Keep the table to
 * operators that document DoT on these very names or addresses.
 */
const KNOWN: Readonly<Record<string, string>> = {
  // Cloudflare 1.1.1.1 family (the stamps name the service by address)
  '1.0.0.1': 'Cloudflare',
  '1.0.0.2': 'Cloudflare',
  '1.0.0.3': 'Cloudflare',
  '2606:4700:4700::1001': 'Cloudflare',
  '2606:4700:4700::1002': 'Cloudflare',
  '2606:4700:4700::1003': 'Cloudflare',
  '2606:4700:4700::1111': 'Cloudflare',
  '2606:4700:4700::1112': 'Cloudflare',
  '2606:4700:4700::1113': 'Cloudflare',
  // Google Public DNS (dns.google)
  '8.8.8.8': 'Google',
  '8.8.4.4': 'Google',
  '2001:4860:4860::8888': 'Google',
  '2001:4860:4860::8844': 'Google',
  // Quad9
  'dns.quad9.net': 'Quad9',
  'dns9.quad9.net': 'Quad9',
  'dns10.quad9.net': 'Quad9',
  'dns11.quad9.net': 'Quad9',
  'dns12.quad9.net': 'Quad9',
  // AdGuard DNS
  'dns.adguard-dns.com': 'AdGuard',
  'unfiltered.adguard-dns.com': 'AdGuard',
  'family.adguard-dns.com': 'AdGuard',
  '94.140.14.14': 'AdGuard',
  '94.140.15.15': 'AdGuard',
  '94.140.14.140': 'AdGuard',
  '94.140.14.141': 'AdGuard',
  '94.140.14.15': 'AdGuard',
  '94.140.15.16': 'AdGuard',
  // Mullvad
  'dns.mullvad.net': 'Mullvad',
  'adblock.dns.mullvad.net': 'Mullvad',
  'base.dns.mullvad.net': 'Mullvad',
  'extended.dns.mullvad.net': 'Mullvad',
  'family.dns.mullvad.net': 'Mullvad',
  'all.dns.mullvad.net': 'Mullvad',
  // NextDNS, Control D
  'dns.nextdns.io': 'NextDNS',
  'anycast.dns.nextdns.io': 'NextDNS',
  'freedns.controld.com': 'Control D',
  // CIRA Canadian Shield, DNS4EU
  'private.canadianshield.cira.ca': 'CIRA',
  'protected.canadianshield.cira.ca': 'CIRA',
  'family.canadianshield.cira.ca': 'CIRA',
  'protective.joindns4.eu': 'DNS4EU',
  'unfiltered.joindns4.eu': 'DNS4EU',
  // AliDNS, DNSPod, Yandex, DNS.SB
  '223.5.5.5': 'AliDNS',
  '223.6.6.6': 'AliDNS',
  '1.12.12.12': 'DNSPod',
  '120.53.53.53': 'DNSPod',
  '77.88.8.8': 'Yandex',
  '77.88.8.1': 'Yandex',
  '185.222.222.222': 'DNS.SB',
  '45.11.45.11': 'DNS.SB',
  // European non-profits and registries
  'dns.digitale-gesellschaft.ch': 'Digitale Gesellschaft',
  'dnsforge.de': 'dnsforge',
  'anycast.uncensoreddns.org': 'UncensoredDNS',
  'unicast.uncensoreddns.org': 'UncensoredDNS',
  'odvr.nic.cz': 'CZ.NIC',
  '130.59.31.248': 'SWITCH',
  '130.59.31.251': 'SWITCH',
  'dns.aa.net.uk': 'Andrews & Arnold',
  'wikimedia-dns.org': 'Wikimedia',
  'ordns.he.net': 'Hurricane Electric',
  'public.dns.iij.jp': 'IIJ',
};

export const DOT_PORT = 853;

/** True when the operator of DoH host `hostname` is known to serve DoT on the same addresses. */
export const isKnownDotHost = (hostname: string): boolean =>
  Object.prototype.hasOwnProperty.call(KNOWN, hostname.toLowerCase());

/** The host names of the table (for the provenance note and tests). */
export const KNOWN_DOT_HOSTS: readonly string[] = Object.keys(KNOWN).sort();
