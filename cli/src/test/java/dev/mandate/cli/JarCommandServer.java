package dev.mandate.cli;

import dev.mandate.did.keystore.UserHome;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the documents' {@code mandate ...} commands inside this JVM, from the fat jar's own classes (a class loader over
 * {@code mandate.jar}, not the test class path), instead of starting one JVM per command (used by {@link DocsExamplesIT}).
 *
 * <p>{@link #launcher} writes the {@code mandate} the documents' bash sessions find on their PATH: a bash script that
 * sends its process id and arguments over loopback and waits; this server takes everything else from that waiting
 * process, as {@link CliEnvironment#system()} would in a JVM started in its place: the environment
 * ({@code /proc/PID/environ}), the working directory ({@code /proc/PID/cwd}), the home directory ({@code $HOME}), and
 * standard input ({@code /proc/PID/fd/0}, opened only when the command reads it, so a command that does not read it
 * leaves it unread as a JVM would). The command's stdout and stderr go to two files the script then copies to its own
 * stdout and stderr (so redirections, pipes and {@code $(...)} see them as from a process), and the script exits with
 * the command's exit code; an exception escaping the command is printed to stderr with exit code 1, as a JVM's main
 * thread would. There is no terminal: passphrase prompts find none, as with stdin redirected.
 *
 * <p>{@code mandate serve} (but {@code serve hash-token}) and {@code mandate guard run} stay real processes
 * ({@code exec java -jar}): they listen, run until signalled and install shutdown hooks.
 *
 * <p>What differs from a JVM of its own, none of which the documents check: the output reaches the session when the
 * command ends (not while it runs); java.util.logging lines (audit and guard warnings) go to this JVM's stderr; a
 * {@code < file} redirection is read from the file's start. {@code Main} itself (the exit through
 * {@code System.exit}) is what {@link FatJarIT} runs. Linux only ({@code /proc}, bash's {@code /dev/tcp}).
 */
final class JarCommandServer implements AutoCloseable {
    /** The PBKDF2 iterations of the key stores the documents' commands write (instead of 600,000: see {@link CliEnvironment#TEST_ITERATIONS_PROPERTY}). */
    static final int TEST_ITERATIONS = 1000;

    private final URLClassLoader loader;
    private final Constructor<?> environment;
    private final Method run;
    private final Object noTerminal;
    private final int keyStoreIterations;
    private final Path calls;
    private final ServerSocket socket;
    private final ExecutorService workers;
    private final AtomicInteger commands = new AtomicInteger();

    /**
     * Loads the jar's CLI and starts listening on a free loopback port.
     *
     * @param jar                the fat jar
     * @param calls              a folder for the commands' stdout/stderr files (created)
     * @param keyStoreIterations what {@link CliEnvironment#TEST_ITERATIONS_PROPERTY} gives a JVM running the jar
     */
    JarCommandServer(Path jar, Path calls, int keyStoreIterations) throws Exception {
        this.loader = new URLClassLoader("mandate.jar", new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        Class<?> env = loader.loadClass(CliEnvironment.class.getName());
        Class<?> prompt = loader.loadClass(PassphrasePrompt.class.getName());
        this.environment = env.getConstructor(Path.class, Map.class, Path.class, PrintWriter.class, PrintWriter.class, InputStream.class,
                prompt, int.class);
        this.run = loader.loadClass(Mandate.class.getName()).getMethod("run", env, String[].class);
        this.noTerminal = prompt.getMethod("none").invoke(null);
        this.keyStoreIterations = keyStoreIterations;
        // a JVM's first JDBC use registers the drivers its class path lists in META-INF/services: here, the jar's
        ServiceLoader.load(java.sql.Driver.class, loader).forEach(d -> { });
        this.calls = Files.createDirectories(calls);
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "mandate-in-process");
            t.setDaemon(true);
            return t;
        });
        workers.submit(this::accept);
    }

    /** How many commands ran in this JVM so far. */
    int commands() {
        return commands.get();
    }

    /**
     * Writes the {@code mandate} script to {@code file}: {@code serve} and {@code guard run} exec {@code java -jar}, everything
     * else runs here.
     */
    void launcher(Path file, String java, Path jar) throws IOException {
        String exec = "exec '" + java + "' -jar '" + jar + "' \"$@\"";
        String out = calls + "/$$.out";
        String err = calls + "/$$.err";
        Files.writeString(file, "#!/usr/bin/env bash\n"
                + "# mandate for the documents' sessions: serve and guard run as a JVM of their own, the rest in the test's JVM\n"
                + "case \"${1-}\" in\n"
                + "  serve) [ \"${2-}\" = hash-token ] || " + exec + " ;;\n"
                + "  guard) [ \"${2-}\" != run ] || " + exec + " ;;\n"
                + "esac\n"
                + "exec 3<>/dev/tcp/127.0.0.1/" + socket.getLocalPort() + "\n"
                + "printf '%s\\0' \"$$\" \"$#\" \"$@\" >&3\n"
                + "IFS= read -r -u 3 code || code=\n"
                + "exec 3<&-\n"
                + "cat \"" + out + "\" 2>/dev/null\n"
                + "cat \"" + err + "\" >&2 2>/dev/null\n"
                + "rm -f \"" + out + "\" \"" + err + "\"\n"
                + "case \"$code\" in ''|*[!0-9]*) echo \"mandate: the test's JVM did not run the command\" >&2; exit 125 ;; esac\n"
                + "exit \"$code\"\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }

    private Void accept() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                workers.submit(() -> serve(s));
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    e.printStackTrace();
                }
            }
        }
        return null;
    }

    private Void serve(Socket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            long pid = Long.parseLong(token(in));
            int n = Integer.parseInt(token(in));
            String[] args = new String[n];
            for (int i = 0; i < n; i++) {
                args[i] = token(in);
            }
            int code = run(pid, args);
            s.getOutputStream().write((code + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (Exception e) {
            e.printStackTrace();
        }
        return null;
    }

    /** Runs {@code mandate args} as the waiting process {@code pid} would have: its environment, folder and stdin. */
    private int run(long pid, String[] args) throws Exception {
        commands.incrementAndGet();
        Path proc = Path.of("/proc", Long.toString(pid));
        Map<String, String> env = environ(Files.readAllBytes(proc.resolve("environ")));
        Path cwd = Files.readSymbolicLink(proc.resolve("cwd"));
        Charset cs = Charset.defaultCharset();
        try (PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(calls.resolve(pid + ".out").toFile()), cs), true);
             PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(calls.resolve(pid + ".err").toFile()), cs), true);
             InputStream stdin = new LazyInput(proc.resolve("fd/0"))) {
            Object environment = this.environment.newInstance(cwd, env, UserHome.of(env, System.getProperty("user.home", "")),
                    out, err, stdin, noTerminal, keyStoreIterations);
            Thread self = Thread.currentThread();
            ClassLoader previous = self.getContextClassLoader();
            self.setContextClassLoader(loader);
            try {
                return (Integer) run.invoke(null, environment, args);
            } catch (InvocationTargetException e) {
                err.print("Exception in thread \"main\" ");
                e.getCause().printStackTrace(err);
                return 1;
            } finally {
                self.setContextClassLoader(previous);
            }
        }
    }

    private static Map<String, String> environ(byte[] bytes) {
        Map<String, String> env = new HashMap<>();
        for (String entry : new String(bytes, Charset.defaultCharset()).split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                env.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return env;
    }

    private static String token(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != 0; c = in.read()) {
            if (c < 0) {
                throw new EOFException("the mandate script's request ended early");
            }
            b.write(c);
        }
        return b.toString(Charset.defaultCharset());
    }

    /** The waiting process's stdin, opened on the first read. */
    private static final class LazyInput extends InputStream {
        private final Path fd;
        private InputStream in;

        LazyInput(Path fd) {
            this.fd = fd;
        }

        private InputStream in() throws IOException {
            if (in == null) {
                in = new FileInputStream(fd.toFile());
            }
            return in;
        }

        @Override
        public int read() throws IOException {
            return in().read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in().read(b, off, len);
        }

        @Override
        public int available() throws IOException {
            return in == null ? 0 : in.available();
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        workers.shutdownNow();
        loader.close();
    }
}
