package com.bi.common.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.util.Optional;

/**
 * A service's own OpenAPI document: {@value #RESOURCE} of the jar (or classes folder) its declaration comes from.
 * Helidon's OpenAPI feature otherwise serves the first {@value #RESOURCE} on the class path, which is another
 * service's wherever several share one JVM (the launcher, the multi-service tests).
 */
final class OpenApiDocuments {
    static final String RESOURCE = "META-INF/openapi.yaml";

    private OpenApiDocuments() {
    }

    /**
     * The document of {@code serviceClass}'s code source as a file Helidon can read: the file itself in a classes
     * folder, else a copy taken out of the jar into the temporary directory (the only writable place in a container).
     */
    static Optional<Path> own(Class<?> serviceClass, String serviceName) {
        CodeSource source = serviceClass.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            Path location = Path.of(source.getLocation().toURI());
            if (Files.isDirectory(location)) {
                Path document = location.resolve(RESOURCE);
                return Files.isRegularFile(document) ? Optional.of(document) : Optional.empty();
            }
            if (!Files.isRegularFile(location)) {
                return Optional.empty();
            }
            try (FileSystem jar = FileSystems.newFileSystem(location)) {
                Path entry = jar.getPath(RESOURCE);
                if (!Files.isRegularFile(entry)) {
                    return Optional.empty();
                }
                Path copy = Files.createTempFile(serviceName + "-openapi-", ".yaml");
                copy.toFile().deleteOnExit();
                Files.copy(entry, copy, StandardCopyOption.REPLACE_EXISTING);
                return Optional.of(copy);
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty(); // a code source that is not a local file: the class path's document applies
        } catch (IOException e) {
            throw new UncheckedIOException(serviceName + ": cannot read its " + RESOURCE, e);
        }
    }
}
