package dev.mandate.did.keystore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a secret (a key-store passphrase, a password) from the first line of a small file, as {@code mandate
 * --passphrase-file} and the server's secret files do: at most a given number of bytes are read, the line ends at the
 * first {@code \n} or {@code \r}, it must be strict UTF-8 and not empty, and the bytes and characters read are wiped.
 * Each refusal is a {@link SecretFileException} whose {@link SecretFileException.Reason reason} lets the caller word it.
 */
public final class SecretFile {
    private SecretFile() {
    }

    /**
     * Reads the first line of {@code file}.
     *
     * @param file     the file
     * @param maxBytes the largest file accepted, in bytes (a larger one is refused, not cut)
     * @return the secret; the caller should wipe it after use
     * @throws SecretFileException UNREADABLE, TOO_LARGE, NOT_UTF8 or EMPTY
     */
    public static char[] firstLine(Path file, int maxBytes) throws SecretFileException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw new SecretFileException(SecretFileException.Reason.UNREADABLE, file,
                    "secret file " + file + ": cannot read it (" + e.getClass().getSimpleName() + ")", e);
        }
        try {
            if (bytes.length > maxBytes) {
                throw new SecretFileException(SecretFileException.Reason.TOO_LARGE, file,
                        "secret file " + file + ": larger than " + maxBytes + " bytes; put only the secret on its first line", null);
            }
            int end = 0;
            while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
                end++;
            }
            CharBuffer chars;
            try {
                chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, end));
            } catch (CharacterCodingException e) {
                throw new SecretFileException(SecretFileException.Reason.NOT_UTF8, file, "secret file " + file + ": not UTF-8 text", e);
            }
            char[] out = new char[chars.remaining()];
            chars.get(out);
            if (chars.hasArray()) {
                Arrays.fill(chars.array(), '\0');
            }
            if (out.length == 0) {
                throw new SecretFileException(SecretFileException.Reason.EMPTY, file, "secret file " + file + ": the first line is empty", null);
            }
            return out;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
