package dev.mandate.did.keystore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.did.keystore.SecretFileException.Reason;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFileTest {
    @TempDir
    Path dir;

    private Path file(byte[] content) throws IOException {
        return Files.write(dir.resolve("secret"), content);
    }

    private Path file(String content) throws IOException {
        return file(content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theFirstLineIsTheSecretWhateverEndsIt() throws Exception {
        assertArrayEquals("s3cret phrase".toCharArray(), SecretFile.firstLine(file("s3cret phrase"), 4096));
        assertArrayEquals("s3cret phrase".toCharArray(), SecretFile.firstLine(file("s3cret phrase\nsecond line\n"), 4096));
        assertArrayEquals("crlf".toCharArray(), SecretFile.firstLine(file("crlf\r\nnext"), 4096));
        assertArrayEquals("cr".toCharArray(), SecretFile.firstLine(file("cr\rnext"), 4096));
        assertArrayEquals("pässwörd €".toCharArray(), SecretFile.firstLine(file("pässwörd €\n"), 4096), "UTF-8 beyond ASCII");
        assertArrayEquals(" spaces kept ".toCharArray(), SecretFile.firstLine(file(" spaces kept \n"), 4096));
    }

    @Test
    void aFileOfExactlyTheLimitIsRead() throws Exception {
        assertEquals(16, SecretFile.firstLine(file("x".repeat(16)), 16).length);
    }

    @Test
    void eachRefusalHasItsReasonAndNamesTheFileNotTheSecret() throws Exception {
        SecretFileException missing = assertThrows(SecretFileException.class, () -> SecretFile.firstLine(dir.resolve("nope"), 4096));
        assertEquals(Reason.UNREADABLE, missing.reason());
        assertInstanceOf(IOException.class, missing.getCause());
        assertEquals(dir.resolve("nope"), missing.path());

        SecretFileException large = assertThrows(SecretFileException.class, () -> SecretFile.firstLine(file("hunter2" + "x".repeat(10)), 16));
        assertEquals(Reason.TOO_LARGE, large.reason(), "a larger file is refused, not cut");
        assertTrue(large.getMessage().contains("16 bytes"), large.getMessage());
        assertFalse(large.getMessage().contains("hunter2"), large.getMessage());

        SecretFileException latin1 = assertThrows(SecretFileException.class,
                () -> SecretFile.firstLine(file(new byte[] {'p', (byte) 0xE4, 's', 's', '\n'}), 4096));
        assertEquals(Reason.NOT_UTF8, latin1.reason());
        assertInstanceOf(CharacterCodingException.class, latin1.getCause());

        assertEquals(Reason.EMPTY, assertThrows(SecretFileException.class, () -> SecretFile.firstLine(file(""), 4096)).reason());
        assertEquals(Reason.EMPTY, assertThrows(SecretFileException.class, () -> SecretFile.firstLine(file("\nsecret on line two"), 4096)).reason());
        assertTrue(missing.getMessage().contains(dir.resolve("nope").toString()), missing.getMessage());
    }

    @Test
    void onlyTheFirstLineHasToBeUtf8() throws Exception {
        assertArrayEquals("ok".toCharArray(), SecretFile.firstLine(file(new byte[] {'o', 'k', '\n', (byte) 0xFF}), 4096));
    }
}
