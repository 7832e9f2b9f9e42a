package dev.mandate.did.keystore;

import dev.mandate.did.keystore.EncryptedKeyStoreException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * How the key-store file is kept on disk: owner-only permissions, the exclusive {@code <file>.lock} writers take, and
 * the write-temporary-fsync-rename-fsync sequence after which a crash leaves either the old or the new file.
 */
final class KeyStoreFiles {
    private static final long LOCK_WAIT_MILLIS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyStoreFiles() {
    }

    /** Takes the exclusive lock on {@code channel}, waiting up to {@value #LOCK_WAIT_MILLIS} ms for another process to let go. */
    static FileLock acquire(FileChannel channel, Path path) throws IOException, EncryptedKeyStoreException {
        long deadline = System.nanoTime() + LOCK_WAIT_MILLIS * 1_000_000;
        while (true) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock != null) {
                return lock;
            }
            if (System.nanoTime() > deadline) {
                throw new EncryptedKeyStoreException(Reason.IO_ERROR, path, "key store " + path
                        + " is locked by another process; try again when it has finished");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EncryptedKeyStoreException(Reason.IO_ERROR, path, "interrupted while waiting for the lock on " + path, e);
            }
        }
    }

    /**
     * Replaces {@code path} (or, if it is a symbolic link, its target) with {@code content}: a temporary file with mode 0600
     * in the same directory, synced, renamed atomically over it, and the directory synced.
     */
    static void writeAtomically(Path path, byte[] content, Runnable beforeRename) throws IOException {
        Path dir = path.getParent();
        Path target = Files.isSymbolicLink(path) ? path.toRealPath() : path;
        Path targetDir = target.getParent();
        Path tmp = targetDir.resolve(tempPrefix(target) + HexFormat.of().formatHex(randomBytes(8)));
        try {
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    ownerOnlyFile(targetDir))) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            if (isPosix(targetDir)) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            }
            beforeRename.run();
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + targetDir + " cannot rename atomically", e);
            }
            syncDirectory(targetDir);
            if (!targetDir.equals(dir)) {
                syncDirectory(dir);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Deletes temporary files a crashed writer left behind (only called while holding the lock). */
    static void removeOrphanedTempFiles(Path path, Path dir) {
        String prefix = tempPrefix(path);
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, p -> p.getFileName().toString().startsWith(prefix))) {
            for (Path p : stream) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // Leftover temporary files are harmless: they are never read.
        }
    }

    static String tempPrefix(Path keyStoreFile) {
        return "." + keyStoreFile.getFileName() + ".tmp-";
    }

    static void syncDirectory(Path dir) throws IOException {
        if (!isPosix(dir)) {
            return; // Windows cannot open a directory as a channel; NTFS renames are journaled.
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    static void createDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (isPosix(dir.getRoot() == null ? dir : dir.getRoot())) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }

    static FileAttribute<?>[] ownerOnlyFile(Path dir) {
        if (!isPosix(dir)) {
            return new FileAttribute<?>[0];
        }
        Set<PosixFilePermission> perms = PosixFilePermissions.fromString("rw-------");
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(perms)};
    }

    static boolean isPosix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
