package dev.mandate.vc.json;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Receives a JSON document member by member, so that one method that writes a value's shape serves both a JSON tree
 * ({@link Tree}, for callers that read or embed the value) and compact text ({@link Text}, byte for byte what
 * {@link CompactJson} writes for that tree, without building it: a server's answers). Objects and arrays are opened
 * and closed in order; a member is named where it is added, an array item is not. Not thread-safe; one document each.
 */
public sealed interface JsonSink permits JsonSink.Tree, JsonSink.Text {

    /** Opens an object: the document itself, or an item of the open array. */
    void startObject();

    /**
     * Opens an object as a member of the open object.
     *
     * @param name the member's name
     */
    void startObject(String name);

    /**
     * Opens an array as a member of the open object.
     *
     * @param name the member's name
     */
    void startArray(String name);

    /** Closes the innermost open object or array. */
    void end();

    /**
     * Adds a string member to the open object.
     *
     * @param name  the member's name
     * @param value the string
     */
    void add(String name, String value);

    /**
     * Adds a number member to the open object.
     *
     * @param name  the member's name
     * @param value the number
     */
    void add(String name, long value);

    /**
     * Adds a boolean member to the open object.
     *
     * @param name  the member's name
     * @param value the boolean
     */
    void add(String name, boolean value);

    /**
     * Adds a string item to the open array.
     *
     * @param value the string
     */
    void add(String value);

    /** Builds a JSON-P tree; {@link #object()} once the document's object is closed. */
    final class Tree implements JsonSink {
        private final Deque<Object> open = new ArrayDeque<>(); // JsonObjectBuilder or JsonArrayBuilder
        private final Deque<String> names = new ArrayDeque<>(); // the member name of each open value ("" for an item)
        private JsonObject done;

        /**
         * {@return the object whose members {@code members} writes}
         *
         * @param members writes the members into the open object
         */
        public static JsonObject object(java.util.function.Consumer<JsonSink> members) {
            Tree t = new Tree();
            t.startObject();
            members.accept(t);
            t.end();
            return t.object();
        }

        @Override
        public void startObject() {
            open.push(Jsonp.PROVIDER.createObjectBuilder());
            names.push("");
        }

        @Override
        public void startObject(String name) {
            open.push(Jsonp.PROVIDER.createObjectBuilder());
            names.push(name);
        }

        @Override
        public void startArray(String name) {
            open.push(Jsonp.PROVIDER.createArrayBuilder());
            names.push(name);
        }

        @Override
        public void end() {
            Object closed = open.pop();
            String name = names.pop();
            if (open.isEmpty()) {
                done = ((JsonObjectBuilder) closed).build();
                return;
            }
            Object parent = open.peek();
            if (parent instanceof JsonObjectBuilder o) {
                if (closed instanceof JsonObjectBuilder c) {
                    o.add(name, c);
                } else {
                    o.add(name, (JsonArrayBuilder) closed);
                }
            } else if (closed instanceof JsonObjectBuilder c) {
                ((JsonArrayBuilder) parent).add(c);
            } else {
                ((JsonArrayBuilder) parent).add((JsonArrayBuilder) closed);
            }
        }

        @Override
        public void add(String name, String value) {
            ((JsonObjectBuilder) open.peek()).add(name, value);
        }

        @Override
        public void add(String name, long value) {
            ((JsonObjectBuilder) open.peek()).add(name, value);
        }

        @Override
        public void add(String name, boolean value) {
            ((JsonObjectBuilder) open.peek()).add(name, value);
        }

        @Override
        public void add(String value) {
            ((JsonArrayBuilder) open.peek()).add(value);
        }

        /**
         * {@return the document}
         *
         * @throws IllegalStateException if its object is not closed yet
         */
        public JsonObject object() {
            if (done == null) {
                throw new IllegalStateException("the document's object is not closed");
            }
            return done;
        }
    }

    /** Writes compact JSON text as {@link CompactJson} writes the same tree; {@link #utf8()} once the document is closed. */
    final class Text implements JsonSink {
        private final StringBuilder b = new StringBuilder(512);
        private boolean[] first = new boolean[16]; // per open level: nothing written in it yet
        private char[] closers = new char[16];     // per open level: '}' or ']'
        private int depth;

        private void separate() {
            if (depth > 0) {
                if (first[depth - 1]) {
                    first[depth - 1] = false;
                } else {
                    b.append(',');
                }
            }
        }

        private void member(String name) {
            separate();
            CompactJson.appendQuoted(name, b);
            b.append(':');
        }

        private void open(char c) {
            b.append(c);
            if (depth == first.length) {
                first = java.util.Arrays.copyOf(first, depth * 2);
                closers = java.util.Arrays.copyOf(closers, depth * 2);
            }
            closers[depth] = c == '{' ? '}' : ']';
            first[depth++] = true;
        }

        @Override
        public void startObject() {
            separate();
            open('{');
        }

        @Override
        public void startObject(String name) {
            member(name);
            open('{');
        }

        @Override
        public void startArray(String name) {
            member(name);
            open('[');
        }

        @Override
        public void end() {
            if (depth == 0) {
                throw new IllegalStateException("nothing is open");
            }
            b.append(closers[--depth]);
        }

        @Override
        public void add(String name, String value) {
            member(name);
            CompactJson.appendQuoted(value, b);
        }

        @Override
        public void add(String name, long value) {
            member(name);
            b.append(value);
        }

        @Override
        public void add(String name, boolean value) {
            member(name);
            b.append(value);
        }

        @Override
        public void add(String value) {
            separate();
            CompactJson.appendQuoted(value, b);
        }

        /**
         * {@return the text in UTF-8}
         *
         * @throws IllegalStateException if an object or array is still open
         */
        public byte[] utf8() {
            if (depth != 0) {
                throw new IllegalStateException("the document is not closed");
            }
            return b.toString().getBytes(StandardCharsets.UTF_8);
        }
    }
}
