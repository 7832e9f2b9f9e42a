package dev.mandate.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.channels.FileChannel;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Picocli mixin {@code -o/--output FILE} for commands that print an artifact (a credential, a presentation, a
 * key, a proof): the artifact goes to FILE instead of stdout. The file is written atomically (a temporary file in
 * the same folder, synced, then renamed over FILE), so a reader never sees half of it and an interrupted run leaves
 * the previous FILE as it was; it is created 0600 when it holds a secret (a private key), 0644 otherwise.
 * {@link MandateSubcommand#printJson} and {@link MandateSubcommand#printText} honour it.
 */
public final class OutputOption {
    /** The mixin's name in the command spec. */
    public static final String NAME = "output";

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the output to FILE instead of stdout (atomically; 0600 if it holds a private key).")
    Path output;

    private boolean secret;

    /** The file, if {@code -o} was given. */
    public Optional<Path> file() {
        return Optional.ofNullable(output);
    }

    /** Marks the output as holding a secret: the file is created 0600. */
    public void secret() {
        this.secret = true;
    }

    /** Writes {@code text} (plus a newline) to the output file, resolved against the working directory. */
    void write(CliEnvironment env, String text) {
        Path target = env.resolve(output);
        if (Files.isDirectory(target)) {
            throw CliException.usage("--output " + output, "is a directory", "name a file");
        }
        Path dir = target.getParent();
        Path tmp = null;
        try {
            boolean posix = dir != null && dir.getFileSystem().supportedFileAttributeViews().contains("posix");
            tmp = posix ? Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap((text + System.lineSeparator()).getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            if (posix && !secret) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            if (posix && secret) {
                // an existing file replaced by rename takes the new file's mode; check it to be sure
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (FileAlreadyExistsException e) {
            throw CliException.dependency(output.toString(), "cannot write: " + CliException.describeIo(e), "check the path", e);
        } catch (IOException e) {
            throw CliException.usage(output.toString(), "cannot write: " + CliException.describeIo(e),
                    "check that the folder exists and is writable", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temporary file holds nothing the target would not
                }
            }
        }
    }
}
