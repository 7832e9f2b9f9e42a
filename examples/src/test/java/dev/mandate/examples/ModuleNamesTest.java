package dev.mandate.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every module states a distinct, valid {@code Automatic-Module-Name} ({@code mandate.module} in its POM), and every
 * Mandate jar on this class path (in a reactor {@code mvn verify} the dependencies are their packaged jars) carries
 * it, so the JDK names the module by it rather than by the file name.
 */
class ModuleNamesTest {
    static final Pattern ARTIFACT = Pattern.compile("\\n  <artifactId>([^<]+)</artifactId>");
    static final Pattern MODULE = Pattern.compile("<mandate\\.module>([^<]+)</mandate\\.module>");

    static Map<String, String> declared() throws IOException {
        Map<String, String> byArtifact = new HashMap<>();
        try (Stream<Path> dirs = Files.list(DocSnippetsTest.ROOT)) {
            for (Path pom : dirs.map(d -> d.resolve("pom.xml")).filter(Files::isRegularFile).toList()) {
                String text = Files.readString(pom);
                if (text.contains("<packaging>pom</packaging>")) continue;
                Matcher a = ARTIFACT.matcher(text.substring(text.indexOf("</parent>") + 1));
                Matcher m = MODULE.matcher(text);
                assertTrue(a.find() && m.find(), pom + " must set mandate.module");
                byArtifact.put(a.group(1), m.group(1));
            }
        }
        return byArtifact;
    }

    @Test
    void everyModuleDeclaresADistinctValidName() throws IOException {
        Map<String, String> names = declared();
        assertTrue(names.size() >= 16, names.toString());
        assertEquals(names.size(), Map.copyOf(names).values().stream().distinct().count(), "names are distinct: " + names);
        for (var e : names.entrySet()) {
            assertTrue(e.getKey().startsWith("mandate-"), "artifactId " + e.getKey() + " is prefixed mandate-");
            assertTrue(e.getValue().matches("dev\\.mandate(\\.[a-z][a-z0-9]*)+"), e.getValue());
        }
    }

    @Test
    void packagedJarsCarryTheName() throws IOException {
        Map<String, String> names = declared();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            String file = p.getFileName().toString();
            if (!file.startsWith("mandate-") || !file.endsWith(".jar")) continue;
            String artifact = file.replaceAll("-\\d.*\\.jar$", "");
            try (JarFile jar = new JarFile(p.toFile())) {
                assertEquals(names.get(artifact), jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"), file);
            }
            ModuleReference ref = ModuleFinder.of(p).findAll().iterator().next();
            assertEquals(names.get(artifact), ref.descriptor().name(), file + " as seen on the module path");
        }
    }

    @Test
    void theBomListsEveryPublishedModule() throws IOException {
        String bom = Files.readString(DocSnippetsTest.ROOT.resolve("bom/pom.xml"));
        for (String artifact : declared().keySet()) {
            boolean published = !artifact.equals("mandate-examples") && !artifact.equals("mandate-bench") && !artifact.equals("mandate-test-vectors");
            assertEquals(published, bom.contains("<artifactId>" + artifact + "</artifactId>"), artifact + (published ? " missing from" : " must not be in") + " the BOM");
        }
        assertTrue(!bom.contains("<parent>"), "the BOM has no parent, so importing it brings no third-party versions");
    }
}
