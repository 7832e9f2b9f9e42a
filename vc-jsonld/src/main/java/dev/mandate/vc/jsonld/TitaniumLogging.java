package dev.mandate.vc.jsonld;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Titanium reports each value that JSON-LD to RDF drops (a subject or an object that is not a well-formed IRI, an
 * ill-formed language tag) as a java.util.logging WARNING on stderr. The specification makes dropping them the
 * algorithm's result, not an error, and this module decides what a drop means itself ({@link Expander} refuses
 * a document that loses data the credential model needs). So the notes are re-logged at {@code FINE} under
 * {@code dev.mandate.vc.jsonld.titanium}, where whoever wants them can turn them on, instead of reaching a
 * CLI user's terminal or a test log hundreds of times. A level configured for {@code com.apicatalog} in the
 * logging configuration is left alone.
 */
final class TitaniumLogging {
    /** Titanium's loggers: strongly held, so the configuration is not lost when JUL drops an unreferenced logger. */
    private static final Logger TITANIUM = Logger.getLogger("com.apicatalog");
    private static final Logger NOTES = Logger.getLogger("dev.mandate.vc.jsonld.titanium");

    static {
        if (LogManager.getLogManager().getProperty("com.apicatalog.level") == null) {
            TITANIUM.setUseParentHandlers(false);
            TITANIUM.addHandler(new Handler() {
                @Override
                public void publish(LogRecord record) {
                    if (NOTES.isLoggable(Level.FINE)) {
                        LogRecord copy = new LogRecord(Level.FINE, record.getMessage());
                        copy.setParameters(record.getParameters());
                        copy.setLoggerName(NOTES.getName());
                        copy.setThrown(record.getThrown());
                        NOTES.log(copy);
                    }
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            });
        }
    }

    private TitaniumLogging() {
    }

    /** Makes sure the routing is installed (it is, once this class is initialized). */
    static void install() {
        // the static initializer did the work
    }
}
