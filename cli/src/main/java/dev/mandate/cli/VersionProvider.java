package dev.mandate.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code mandate --version}: the Maven project version, filtered into {@code version.properties}. */
public final class VersionProvider implements IVersionProvider {
    /** The version of this build, or "unknown". */
    public static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"mandate " + version(), "Java " + System.getProperty("java.version")};
    }
}
