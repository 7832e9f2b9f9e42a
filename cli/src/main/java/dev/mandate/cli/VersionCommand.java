package dev.mandate.cli;

import dev.mandate.vc.json.Jsonp;
import picocli.CommandLine.Command;

/** {@code mandate version}: what is running, for bug reports and scripts. */
@Command(name = "version", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Print the version of mandate and of the Java runtime as JSON:",
                "{\"mandate\", \"java\", \"javaVendor\", \"os\", \"arch\"}. 'mandate --version' prints the same as two lines of text."},
        footerHeading = "%nExamples:%n",
        footer = {"  mandate version", "  mandate version --pretty"})
public final class VersionCommand extends MandateSubcommand {
    @Override
    public Integer call() {
        printJson(Jsonp.PROVIDER.createObjectBuilder()
                .add("mandate", VersionProvider.version())
                .add("java", System.getProperty("java.version", ""))
                .add("javaVendor", System.getProperty("java.vendor", ""))
                .add("os", System.getProperty("os.name", ""))
                .add("arch", System.getProperty("os.arch", ""))
                .build());
        return ExitCode.OK;
    }
}
