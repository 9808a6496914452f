package dev.stageline.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a configuration file named either {@code classpath:path} (shipped in the jar, as in Lambda)
 * or a file system path (as in a local run).
 */
public final class ConfigText {

    public static final String CLASSPATH = "classpath:";

    private ConfigText() {}

    public static String read(String location) {
        try {
            if (location.startsWith(CLASSPATH)) {
                String name = location.substring(CLASSPATH.length());
                try (InputStream in = ConfigText.class.getClassLoader().getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IllegalArgumentException("no resource " + name + " in the jar");
                    }
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return Files.readString(Path.of(location));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + location, e);
        }
    }
}
