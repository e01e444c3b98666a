package dev.keyless.aws.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A CIDR block (IPv4 or IPv6, RFC 4632 / RFC 4291); a bare address means a single host. Only
 * literals are parsed: a host name never reaches {@link InetAddress#getByName} (no DNS in policy code).
 */
final class IpRange {
    private static final Pattern V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final byte[] network;
    private final int prefix;
    private final String text;

    private IpRange(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    static Optional<IpRange> parse(String cidr) {
        String s = cidr.strip();
        int slash = s.indexOf('/');
        Optional<byte[]> addr = address(slash < 0 ? s : s.substring(0, slash));
        if (addr.isEmpty()) {
            return Optional.empty();
        }
        int bits = addr.get().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (prefix < 0 || prefix > bits) {
                return Optional.empty();
            }
        }
        return Optional.of(new IpRange(addr.get(), prefix, s));
    }

    static Optional<byte[]> address(String s) {
        if (!V4.matcher(s).matches() && !V6.matcher(s).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(s).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    boolean contains(String requestValue) {
        return address(requestValue.strip()).filter(a -> a.length == network.length).map(this::inRange).orElse(false);
    }

    private boolean inRange(byte[] a) {
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((a[bit / 8] & mask) != (network[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
