package io.isthmus.identity;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A {@link BlockingIndex} saved to a file and read back as it is: the packed records and the posting table's arrays,
 * so a start with a million buyers reads a few hundred megabytes instead of cleaning and phonetically encoding every
 * buyer again. What the file reflects is said in its {@link Header}; the caller applies the store's changes after
 * {@link Header#highWater()} and decides whether the header fits the store.
 *
 * <p>Layout (big-endian): magic {@code ISIDXSNP}, format version, the header (fingerprint, store id, high-water mark,
 * the fitted m/u if any), the records by ordinal (length, -1 for a cleared one, and bytes), the posting table (cap,
 * size, list count, slot pairs, lists), the value counts of the term-frequency fields, and a CRC-32C of everything before it. A file that is short, has another
 * version, fingerprint or store id, or a wrong checksum is refused with the reason ({@link Rejected}), and the
 * index is left as it was; nothing is applied before the whole file has been read and checked.
 *
 * <p>Written to a temporary file in the same directory, forced to disk, then renamed over the old one, so a crash
 * while writing leaves the previous snapshot (or none), never half a file under the real name.
 */
public final class IndexSnapshot {

    /** Bump when this file layout changes. */
    static final int FORMAT_VERSION = 1;
    private static final byte[] MAGIC = "ISIDXSNP".getBytes(StandardCharsets.US_ASCII);
    private static final int CHUNK = 1 << 20;
    /** Records whose postings are checked after reading: a layout change nobody versioned shows as missing ones. */
    private static final int CHECKED_RECORDS = 256;

    private IndexSnapshot() {
    }

    /**
     * What a snapshot holds and where it stands.
     *
     * @param fingerprint the matching model that built it ({@link #fingerprint})
     * @param storeId     the store it was loaded from
     * @param highWater   the store's last buyer change it reflects: later ones are to be applied
     * @param fitted      the profile with the m and u fitted to the store, or null when none was fitted
     */
    public record Header(String fingerprint, String storeId, long highWater, MatchProfile fitted) {
    }

    /** Why a snapshot cannot be used; the caller loads the index from the store instead. */
    public static final class Rejected extends Exception {
        public Rejected(String reason) {
            super(reason);
        }

        public Rejected(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /**
     * A digest of everything a saved index depends on besides the store's content: the profile (fields, cleaners,
     * levels, blocking keys and their caps, the swap), the index-wide cap, thresholds and estimation settings, the
     * layout of the index itself and the build of isthmus (cleaning and encoding code may change between versions).
     * Any change of {@code matching.yaml} or of the program gives another fingerprint.
     */
    public static String fingerprint(MatchingConfig config, String profile) {
        String text = String.join("\n", "format " + FORMAT_VERSION, "layout " + BlockingIndex.LAYOUT_VERSION,
                "build " + build(), "profile " + config.profile(profile), "maxPerKey " + config.maxPerKey(),
                "thresholds " + config.thresholds(), "estimation " + config.estimation());
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * The isthmus build: its version and, when it runs from a jar, the jar's size and time, so an upgraded or rebuilt
     * jar (whose cleaning or encoding may differ) never reads a snapshot of another one. Copying the same jar anew
     * only costs one full load.
     */
    private static String build() {
        Package p = IndexSnapshot.class.getPackage();
        String build = p == null || p.getImplementationVersion() == null ? "dev" : p.getImplementationVersion();
        try {
            java.security.CodeSource src = IndexSnapshot.class.getProtectionDomain().getCodeSource();
            if (src != null) {
                Path jar = Path.of(src.getLocation().toURI());
                if (Files.isRegularFile(jar)) {
                    build += " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis();
                }
            }
        } catch (IOException | RuntimeException | java.net.URISyntaxException e) {
            // The version alone then; the format and layout versions still guard the file's shape.
        }
        return build;
    }

    /** Writes {@code index} with {@code header} to {@code file}, atomically (temporary file, force, rename). */
    public static void write(Path file, BlockingIndex index, Header header) throws IOException {
        write(file, index, null, header);
    }

    /** As {@link #write(Path, BlockingIndex, Header)}, with the value counts kept beside the index (or null). */
    public static void write(Path file, BlockingIndex index, TermFrequencies counts, Header header)
            throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            Out out = new Out(ch);
            out.bytes(MAGIC);
            out.putInt(FORMAT_VERSION);
            out.utf(header.fingerprint());
            out.utf(header.storeId());
            out.putLong(header.highWater());
            writeFitted(out, header.fitted());
            PackedRecords records = index.packedRecords();
            out.putInt(records.size());
            for (int ord = 0; ord < records.size(); ord++) {
                byte[] b = records.bytes(ord);
                if (b == null) {
                    out.putInt(-1);
                } else {
                    out.putInt(b.length);
                    out.bytes(b);
                }
            }
            PostingTable postings = index.postingTable();
            out.putInt(postings.cap());
            out.putInt(postings.size());
            out.putInt(postings.lists());
            long[] table = postings.table();
            out.putInt(table.length);
            out.longs(table);
            int[][] lists = postings.listArrays();
            for (int i = 0; i < postings.lists(); i++) {
                out.putInt(lists[i].length);
                out.ints(lists[i]);
            }
            writeCounts(out, counts);
            out.trailer();
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory(dir);
    }

    /** Makes the rename itself durable; not every platform lets a directory be opened, which is then left alone. */
    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | RuntimeException e) {
            // The rename is still atomic; only its durability across a power cut is left to the file system.
        }
    }

    /**
     * Reads {@code file} into {@code index} (replacing what it holds) when it was written for this fingerprint and
     * store; otherwise refuses with the reason and leaves {@code index} untouched.
     */
    public static Header read(Path file, BlockingIndex index, String fingerprint, String storeId) throws Rejected {
        return read(file, index, null, fingerprint, storeId);
    }

    /**
     * As {@link #read(Path, BlockingIndex, String, String)}, also restoring the value counts into {@code counts}
     * (when given); a snapshot written without counts is refused then.
     */
    public static Header read(Path file, BlockingIndex index, TermFrequencies counts, String fingerprint,
                              String storeId) throws Rejected {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            In in = new In(ch);
            byte[] magic = new byte[MAGIC.length];
            in.bytes(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new Rejected("not an identity index snapshot");
            }
            int version = in.getInt();
            if (version != FORMAT_VERSION) {
                throw new Rejected("format version " + version + ", this build reads " + FORMAT_VERSION);
            }
            String fp = in.utf();
            if (!fp.equals(fingerprint)) {
                throw new Rejected("written for another matching model or build (fingerprint " + abbrev(fp)
                        + ", now " + abbrev(fingerprint) + ")");
            }
            String sid = in.utf();
            if (!sid.equals(storeId)) {
                throw new Rejected("written for another store (" + sid + ", this store is " + storeId + ")");
            }
            long highWater = in.getLong();
            MatchProfile fitted = readFitted(in, index.profile());
            int size = in.length(4);
            byte[][] packed = new byte[Math.max(size, 1024)][];
            for (int ord = 0; ord < size; ord++) {
                int len = in.getInt();
                if (len >= 0) {
                    in.check(len);
                    packed[ord] = new byte[len];
                    in.bytes(packed[ord]);
                } else if (len != -1) {
                    throw new Rejected("bad record length " + len + " at ordinal " + ord);
                }
            }
            int cap = in.getInt();
            if (cap != index.maxPerKey()) {
                throw new Rejected("posting cap " + cap + ", the index has " + index.maxPerKey());
            }
            int keys = in.getInt();
            int listCount = in.getInt();
            int tableLength = in.length(8);
            long[] table = new long[tableLength];
            in.longs(table);
            int[][] lists = new int[Math.max(listCount, 256)][];
            for (int i = 0; i < listCount; i++) {
                int n = in.length(4);
                lists[i] = new int[n];
                in.ints(lists[i]);
            }
            SavedCounts saved = readCounts(in);
            in.verifyTrailer();
            if (counts != null && saved == null) {
                throw new Rejected("written without value counts");
            }
            if (counts != null && saved.values.length != counts.fields()) {
                throw new Rejected("value counts for " + saved.values.length + " fields, the profile has "
                        + counts.fields());
            }
            PackedRecords records = new PackedRecords(packed, size);
            PostingTable postings;
            try {
                postings = new PostingTable(cap, table, lists, listCount, keys);
            } catch (IllegalArgumentException e) {
                throw new Rejected("bad posting table: " + e.getMessage());
            }
            checkPostings(index, records, postings);
            index.restore(records, postings);
            if (counts != null) {
                counts.clear();
                for (int f = 0; f < saved.values.length; f++) {
                    counts.restore(f, saved.values[f], saved.counts[f], saved.values[f].length);
                }
            }
            return new Header(fp, sid, highWater, fitted);
        } catch (EOFException e) {
            throw new Rejected("truncated", e);
        } catch (IOException | RuntimeException e) {
            throw new Rejected("unreadable: " + e, e);
        }
    }

    /**
     * Sampled records must be found under their own blocking keys: catches a change to hashing, packing or the
     * posting layout that should have changed {@link BlockingIndex#LAYOUT_VERSION} and did not. A key capped and
     * full may have dropped a record, so the rule is "most", not "all".
     */
    private static void checkPostings(BlockingIndex index, PackedRecords records, PostingTable postings)
            throws Rejected {
        int liveSeen = 0;
        int checked = 0;
        int found = 0;
        int step = Math.max(1, records.size() / CHECKED_RECORDS);
        for (int ord = 0; ord < records.size() && checked < CHECKED_RECORDS; ord += step) {
            if (!records.isLive(ord)) {
                continue;
            }
            liveSeen++;
            checked++;
            for (long h : index.keyHashesOf(records.get(ord))) {
                if (contains(postings.get(h), ord)) {
                    found++;
                    break;
                }
            }
        }
        if (liveSeen > 0 && found * 2 < checked) {
            throw new Rejected("only " + found + " of " + checked + " sampled records are found under their own keys");
        }
    }

    private static boolean contains(int[] ordinals, int ord) {
        for (int o : ordinals) {
            if (o == ord) {
                return true;
            }
        }
        return false;
    }

    private static String abbrev(String fingerprint) {
        return fingerprint.length() > 12 ? fingerprint.substring(0, 12) : fingerprint;
    }

    private record SavedCounts(String[][] values, int[][] counts) {
    }

    /** Per field: -1 when not counted, else the number of values, then each value and its count. */
    private static void writeCounts(Out out, TermFrequencies counts) throws IOException {
        if (counts == null) {
            out.putInt(-1);
            return;
        }
        out.putInt(counts.fields());
        for (int f = 0; f < counts.fields(); f++) {
            if (!counts.enabled(f)) {
                out.putInt(-1);
                continue;
            }
            java.util.Map<String, Integer> m = counts.counts(f);
            out.putInt(m.size());
            for (java.util.Map.Entry<String, Integer> e : m.entrySet()) {
                out.utf(e.getKey());
                out.putInt(e.getValue());
            }
        }
    }

    private static SavedCounts readCounts(In in) throws IOException, Rejected {
        int fields = in.getInt();
        if (fields < 0) {
            return null;
        }
        String[][] values = new String[fields][];
        int[][] counts = new int[fields][];
        for (int f = 0; f < fields; f++) {
            int n = in.getInt();
            if (n < 0) {
                values[f] = new String[0];
                counts[f] = new int[0];
                continue;
            }
            in.check((long) n * 8);
            values[f] = new String[n];
            counts[f] = new int[n];
            for (int i = 0; i < n; i++) {
                values[f][i] = in.utf();
                counts[f][i] = in.getInt();
            }
        }
        return new SavedCounts(values, counts);
    }

    /** The fitted m and u, field by field and level by level, in the profile's order (the rest is the profile's). */
    private static void writeFitted(Out out, MatchProfile fitted) throws IOException {
        if (fitted == null) {
            out.putInt(-1);
            return;
        }
        out.putInt(fitted.fields().size());
        for (FieldSpec f : fitted.fields()) {
            out.putInt(f.levels().size());
            for (Level l : f.levels()) {
                out.putLong(Double.doubleToLongBits(l.m()));
                out.putLong(Double.doubleToLongBits(l.u()));
            }
        }
    }

    private static MatchProfile readFitted(In in, MatchProfile prior) throws IOException, Rejected {
        int fields = in.getInt();
        if (fields < 0) {
            return null;
        }
        if (fields != prior.fields().size()) {
            throw new Rejected("fitted model has " + fields + " fields, the profile " + prior.fields().size());
        }
        List<FieldSpec> out = new ArrayList<>(fields);
        for (FieldSpec f : prior.fields()) {
            int levels = in.getInt();
            if (levels != f.levels().size()) {
                throw new Rejected("fitted model has " + levels + " levels for " + f.name());
            }
            List<Level> ls = new ArrayList<>(levels);
            for (Level l : f.levels()) {
                double m = Double.longBitsToDouble(in.getLong());
                double u = Double.longBitsToDouble(in.getLong());
                ls.add(new Level(l.label(), l.comparator(), l.min(), m, u));
            }
            out.add(new FieldSpec(f.name(), f.cleaner(), ls, f.termFrequency()));
        }
        return new MatchProfile(prior.name(), out, prior.blockingKeys(), prior.swap());
    }

    /** Buffered writes to a channel, summed into a CRC-32C as they are flushed. */
    private static final class Out {
        private final FileChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        private final CRC32C crc = new CRC32C();

        Out(FileChannel ch) {
            this.ch = ch;
        }

        void putInt(int v) throws IOException {
            room(4);
            buf.putInt(v);
        }

        void putLong(long v) throws IOException {
            room(8);
            buf.putLong(v);
        }

        void utf(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            putInt(b.length);
            bytes(b);
        }

        void bytes(byte[] b) throws IOException {
            int off = 0;
            while (off < b.length) {
                room(1);
                int n = Math.min(buf.remaining(), b.length - off);
                buf.put(b, off, n);
                off += n;
            }
        }

        void longs(long[] a) throws IOException {
            int off = 0;
            while (off < a.length) {
                room(8);
                int n = Math.min(buf.remaining() / 8, a.length - off);
                buf.asLongBuffer().put(a, off, n);
                buf.position(buf.position() + n * 8);
                off += n;
            }
        }

        void ints(int[] a) throws IOException {
            int off = 0;
            while (off < a.length) {
                room(4);
                int n = Math.min(buf.remaining() / 4, a.length - off);
                buf.asIntBuffer().put(a, off, n);
                buf.position(buf.position() + n * 4);
                off += n;
            }
        }

        private void room(int n) throws IOException {
            if (buf.remaining() < n) {
                flush();
            }
        }

        private void flush() throws IOException {
            buf.flip();
            crc.update(buf.array(), 0, buf.limit());
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            buf.clear();
        }

        /** Flushes the data, then appends its checksum. */
        void trailer() throws IOException {
            flush();
            buf.putLong(crc.getValue());
            buf.flip();
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            buf.clear();
        }
    }

    /** Buffered reads of the data part of a snapshot (all but the trailing checksum), summed as they are read. */
    private static final class In {
        private final FileChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        private final CRC32C crc = new CRC32C();
        /** Data bytes not yet loaded into the buffer. */
        private long unread;

        In(FileChannel ch) throws IOException {
            this.ch = ch;
            this.unread = ch.size() - 8;
            if (unread < 0) {
                throw new EOFException();
            }
            buf.limit(0);
        }

        int getInt() throws IOException {
            need(4);
            return buf.getInt();
        }

        long getLong() throws IOException {
            need(8);
            return buf.getLong();
        }

        /** A count of items of {@code width} bytes that must fit in what is left of the file. */
        int length(int width) throws IOException, Rejected {
            int n = getInt();
            if (n < 0) {
                throw new Rejected("bad length " + n);
            }
            check((long) n * width);
            return n;
        }

        /** Refuses a length longer than the rest of the data (a corrupted count must not allocate gigabytes). */
        void check(long bytes) throws Rejected {
            if (bytes > unread + buf.remaining()) {
                throw new Rejected("truncated: " + bytes + " bytes announced, " + (unread + buf.remaining()) + " left");
            }
        }

        String utf() throws IOException, Rejected {
            int n = length(1);
            if (n > 4096) {
                throw new Rejected("header string of " + n + " bytes");
            }
            byte[] b = new byte[n];
            bytes(b);
            return new String(b, StandardCharsets.UTF_8);
        }

        void bytes(byte[] b) throws IOException {
            int off = 0;
            while (off < b.length) {
                need(1);
                int n = Math.min(buf.remaining(), b.length - off);
                buf.get(b, off, n);
                off += n;
            }
        }

        void longs(long[] a) throws IOException {
            int off = 0;
            while (off < a.length) {
                need(8);
                int n = Math.min(buf.remaining() / 8, a.length - off);
                buf.asLongBuffer().get(a, off, n);
                buf.position(buf.position() + n * 8);
                off += n;
            }
        }

        void ints(int[] a) throws IOException {
            int off = 0;
            while (off < a.length) {
                need(4);
                int n = Math.min(buf.remaining() / 4, a.length - off);
                buf.asIntBuffer().get(a, off, n);
                buf.position(buf.position() + n * 4);
                off += n;
            }
        }

        /** Makes at least {@code n} bytes (n ≤ 8) available, loading the next chunk of data. */
        private void need(int n) throws IOException {
            if (buf.remaining() >= n) {
                return;
            }
            buf.compact();
            while (buf.position() < n) {
                if (unread == 0) {
                    throw new EOFException();
                }
                int want = (int) Math.min(buf.remaining(), unread);
                int start = buf.position();
                buf.limit(start + want);
                int got = ch.read(buf);
                if (got < 0) {
                    throw new EOFException();
                }
                crc.update(buf.array(), start, got);
                unread -= got;
                buf.limit(buf.capacity());
            }
            buf.flip();
        }

        /** Every data byte must have been read, and the trailer must be their checksum. */
        void verifyTrailer() throws IOException, Rejected {
            if (buf.hasRemaining() || unread != 0) {
                throw new Rejected("data after the posting table");
            }
            ByteBuffer t = ByteBuffer.allocate(8);
            while (t.hasRemaining()) {
                if (ch.read(t) < 0) {
                    throw new EOFException();
                }
            }
            t.flip();
            long expected = t.getLong();
            if (expected != crc.getValue()) {
                throw new Rejected("checksum mismatch");
            }
        }
    }
}
