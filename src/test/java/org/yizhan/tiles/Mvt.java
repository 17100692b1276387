package org.yizhan.tiles;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal Mapbox Vector Tile 2.1 decoder for tests: layers, features (id, type, attributes) and the
 * vertices of their geometry in tile units. Protobuf wire format: varints, length-delimited fields,
 * fixed32/fixed64; geometry commands MoveTo (1), LineTo (2), ClosePath (7) with zigzag deltas.
 */
final class Mvt {

    record Feature(Long id, int type, Map<String, Object> props, List<int[]> vertices) {
        /** The first vertex: a point feature's position. */
        int[] point() {
            return vertices.get(0);
        }

        boolean inside(int extent) {
            int[] p = point();
            return p[0] >= 0 && p[0] < extent && p[1] >= 0 && p[1] < extent;
        }
    }

    record Layer(String name, int version, int extent, List<Feature> features) {}

    private Mvt() {}

    static Map<String, Layer> decode(byte[] tile) {
        Map<String, Layer> layers = new HashMap<>();
        Reader r = new Reader(tile, 0, tile.length);
        while (r.more()) {
            long key = r.varint();
            if (key >>> 3 == 3 && (key & 7) == 2) {
                Layer l = layer(r.sub());
                layers.put(l.name(), l);
            } else {
                r.skip((int) (key & 7));
            }
        }
        return layers;
    }

    private static Layer layer(Reader r) {
        String name = null;
        int version = 1;
        int extent = 4096;
        List<Reader> features = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        while (r.more()) {
            long key = r.varint();
            int field = (int) (key >>> 3);
            switch (field) {
                case 1 -> name = r.string();
                case 2 -> features.add(r.sub());
                case 3 -> keys.add(r.string());
                case 4 -> values.add(value(r.sub()));
                case 5 -> extent = (int) r.varint();
                case 15 -> version = (int) r.varint();
                default -> r.skip((int) (key & 7));
            }
        }
        List<Feature> out = new ArrayList<>();
        for (Reader f : features) {
            out.add(feature(f, keys, values));
        }
        return new Layer(name, version, extent, out);
    }

    private static Object value(Reader r) {
        Object v = null;
        while (r.more()) {
            long key = r.varint();
            switch ((int) (key >>> 3)) {
                case 1 -> v = r.string();
                case 2 -> v = Float.intBitsToFloat(r.fixed32());
                case 3 -> v = Double.longBitsToDouble(r.fixed64());
                case 4, 5 -> v = r.varint();
                case 6 -> v = zigzag(r.varint());
                case 7 -> v = r.varint() != 0;
                default -> r.skip((int) (key & 7));
            }
        }
        return v;
    }

    private static Feature feature(Reader r, List<String> keys, List<Object> values) {
        Long id = null;
        int type = 0;
        List<Long> tags = new ArrayList<>();
        List<Long> geometry = new ArrayList<>();
        while (r.more()) {
            long key = r.varint();
            switch ((int) (key >>> 3)) {
                case 1 -> id = r.varint();
                case 2 -> r.sub().packed(tags);
                case 3 -> type = (int) r.varint();
                case 4 -> r.sub().packed(geometry);
                default -> r.skip((int) (key & 7));
            }
        }
        Map<String, Object> props = new HashMap<>();
        for (int i = 0; i + 1 < tags.size(); i += 2) {
            props.put(
                    keys.get(tags.get(i).intValue()), values.get(tags.get(i + 1).intValue()));
        }
        List<int[]> vertices = new ArrayList<>();
        int x = 0;
        int y = 0;
        int i = 0;
        while (i < geometry.size()) {
            long command = geometry.get(i++);
            int id3 = (int) (command & 7);
            int count = (int) (command >>> 3);
            if (id3 == 7) {
                continue;
            }
            for (int k = 0; k < count; k++) {
                x += (int) zigzag(geometry.get(i++));
                y += (int) zigzag(geometry.get(i++));
                vertices.add(new int[] {x, y});
            }
        }
        return new Feature(id, type, props, vertices);
    }

    private static long zigzag(long n) {
        return (n >>> 1) ^ -(n & 1);
    }

    private static final class Reader {
        private final byte[] b;
        private int pos;
        private final int end;

        Reader(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        boolean more() {
            return pos < end;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte x = b[pos++];
                v |= (long) (x & 0x7f) << shift;
                if (x >= 0) {
                    return v;
                }
            }
            throw new IllegalStateException("varint too long");
        }

        int fixed32() {
            int v = (b[pos] & 0xff) | (b[pos + 1] & 0xff) << 8 | (b[pos + 2] & 0xff) << 16 | (b[pos + 3] & 0xff) << 24;
            pos += 4;
            return v;
        }

        long fixed64() {
            long lo = fixed32() & 0xffffffffL;
            long hi = fixed32() & 0xffffffffL;
            return lo | hi << 32;
        }

        Reader sub() {
            int len = (int) varint();
            Reader r = new Reader(b, pos, pos + len);
            pos += len;
            return r;
        }

        String string() {
            Reader s = sub();
            return new String(b, s.pos, s.end - s.pos, java.nio.charset.StandardCharsets.UTF_8);
        }

        void packed(List<Long> out) {
            while (more()) {
                out.add(varint());
            }
        }

        void skip(int wireType) {
            switch (wireType) {
                case 0 -> varint();
                case 1 -> pos += 8;
                case 2 -> sub();
                case 5 -> pos += 4;
                default -> throw new IllegalStateException("wire type " + wireType);
            }
        }
    }
}
