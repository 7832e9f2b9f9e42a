package dev.mandate.did.keystore;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The user's home directory as shells and other tools see it: {@code $HOME} when it is set to an absolute
 * path, else Java's {@code user.home} (which the JVM takes from the password database and which ignores
 * {@code HOME=/elsewhere mandate ...}). Every default under {@code ~} ({@code ~/.mandate/keystore},
 * {@code ~/.mandate/mandate.db}, {@code ~/} in a server configuration) uses it.
 */
public final class UserHome {
    private UserHome() {
    }

    /** {@return the home directory of this process: {@code $HOME} if absolute, else {@code user.home}} */
    public static Path get() {
        return of(System.getenv(), System.getProperty("user.home", ""));
    }

    /**
     * The home directory given an environment and a {@code user.home} value.
     *
     * @param env      environment variables; {@code HOME} is used when it is an absolute path
     * @param userHome the {@code user.home} system property, the fallback
     * @return the home directory
     */
    public static Path of(Map<String, String> env, String userHome) {
        String home = env.get("HOME");
        if (home != null && !home.isEmpty() && home.indexOf('\0') < 0) {
            try {
                Path p = Path.of(home);
                if (p.isAbsolute()) {
                    return p.normalize();
                }
            } catch (InvalidPathException e) {
                // not a path on this system: fall back to user.home
            }
        }
        return Path.of(userHome);
    }
}
