package io.isthmus.identity;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The records of a {@link BlockingIndex}, one byte array each, by ordinal. A {@link PreparedRecord} as objects (an id,
 * a value array, a string per value and per phonetic code) costs about 1.8 KiB; packed it costs what its characters
 * take plus a byte or two per value, which is what lets a million buyers fit a 1 GB heap. A record is unpacked
 * only when it is a candidate (a few dozen per look-up); Latin-1 text unpacks as a plain copy.
 *
 * <p>Layout: the id, each value, then each value's phonetic codes (primary, alternate) when it has them. Each
 * string is a varint header (0: null; otherwise byte length × 2 + 1 for Latin-1, + 2 for UTF-8) and its bytes.
 */
final class PackedRecords {

    private byte[][] packed = new byte[1024][];
    private int size;

    PackedRecords() {
    }

    /** Records as {@link IndexSnapshot} saved them, by ordinal (null for a cleared one); the array is taken. */
    PackedRecords(byte[][] packed, int size) {
        this.packed = packed.length == 0 ? new byte[1024][] : packed;
        this.size = size;
    }

    /** Appends the record; returns its ordinal. */
    int add(PreparedRecord r) {
        return add(pack(r));
    }

    int add(byte[] bytes) {
        if (size == packed.length) {
            packed = Arrays.copyOf(packed, size + (size >> 1));
        }
        packed[size] = bytes;
        return size++;
    }

    /** Ordinals handed out so far (cleared ones included). */
    int size() {
        return size;
    }

    boolean isLive(int ordinal) {
        return packed[ordinal] != null;
    }

    byte[] bytes(int ordinal) {
        return packed[ordinal];
    }

    void clear(int ordinal) {
        packed[ordinal] = null;
    }

    /** The record at {@code ordinal}, unpacked; null when cleared. */
    PreparedRecord get(int ordinal) {
        byte[] b = packed[ordinal];
        return b == null ? null : unpack(b);
    }

    /**
     * The packed bytes of the first {@code n} ordinals (null for cleared ones), read in two passes of independent
     * loads (the references, then a byte of each cache line the arrays span) so their cache misses overlap.
     */
    byte[][] fetch(int[] ordinals, int n) {
        byte[][] out = new byte[n][];
        for (int i = 0; i < n; i++) {
            out[i] = packed[ordinals[i]];
        }
        int sum = 0;
        for (int i = 0; i < n; i++) {
            byte[] b = out[i];
            if (b != null) {
                // One byte per cache line: a record spans two or three of them.
                for (int j = 0; j < b.length; j += 48) {
                    sum += b[j];
                }
                sum += b[b.length - 1];
            }
        }
        fetched = sum;
        return out;
    }

    /** Written by {@link #fetch} so the loads that warm the records are not optimised away. */
    @SuppressWarnings("unused")
    private int fetched;

    /** The id of the record at {@code ordinal} (it must be live). */
    String id(int ordinal) {
        byte[] b = packed[ordinal];
        int[] pos = {0};
        return read(b, pos);
    }

    static byte[] pack(PreparedRecord r) {
        Out out = new Out();
        out.string(r.id());
        int n = r.size();
        out.varint(n);
        for (int i = 0; i < n; i++) {
            out.string(r.value(i));
        }
        for (int i = 0; i < n; i++) {
            String[] codes = r.phonetic(i);
            if (codes == null) {
                out.varint(0);
            } else {
                out.varint(codes.length + 1);
                for (String code : codes) {
                    out.string(code);
                }
            }
        }
        return out.bytes();
    }

    static PreparedRecord unpack(byte[] b) {
        int[] pos = {0};
        String id = read(b, pos);
        int n = readVarint(b, pos);
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
            values[i] = read(b, pos);
        }
        String[][] phonetic = new String[n][];
        for (int i = 0; i < n; i++) {
            int count = readVarint(b, pos) - 1;
            if (count >= 0) {
                String[] codes = new String[count];
                for (int k = 0; k < count; k++) {
                    codes[k] = read(b, pos);
                }
                phonetic[i] = codes;
            }
        }
        return new PreparedRecord(id, values, phonetic);
    }

    private static String read(byte[] b, int[] pos) {
        int h = readVarint(b, pos);
        if (h == 0) {
            return null;
        }
        int len = (h - 1) >>> 1;
        boolean utf8 = ((h - 1) & 1) == 1;
        String s = new String(b, pos[0], len, utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        pos[0] += len;
        return s;
    }

    private static int readVarint(byte[] b, int[] pos) {
        int v = 0;
        int shift = 0;
        while (true) {
            byte x = b[pos[0]++];
            v |= (x & 0x7f) << shift;
            if (x >= 0) {
                return v;
            }
            shift += 7;
        }
    }

    /** A growable byte buffer for packing one record. */
    private static final class Out {
        private byte[] buf = new byte[128];
        private int n;

        void string(String s) {
            if (s == null) {
                varint(0);
                return;
            }
            boolean latin1 = true;
            for (int i = 0; i < s.length() && latin1; i++) {
                latin1 = s.charAt(i) < 256;
            }
            byte[] bytes = s.getBytes(latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
            varint(bytes.length * 2 + (latin1 ? 1 : 2));
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buf, n, bytes.length);
            n += bytes.length;
        }

        void varint(int v) {
            ensure(5);
            while ((v & ~0x7f) != 0) {
                buf[n++] = (byte) ((v & 0x7f) | 0x80);
                v >>>= 7;
            }
            buf[n++] = (byte) v;
        }

        private void ensure(int more) {
            if (n + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
            }
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, n);
        }
    }
}
