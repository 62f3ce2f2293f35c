package com.bi.hostile;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import com.google.protobuf.Descriptors;
import io.grpc.ServiceDescriptor;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;

/**
 * Every gRPC service bi-proto declares, found by scanning bi-proto's classes for grpc-java's generated
 * {@code *Grpc} stubs: a service added to bi-proto joins the corpus (and must be served by someone) on its own.
 */
final class ProtoServices {
    private ProtoServices() {
    }

    static List<Descriptors.ServiceDescriptor> all() throws IOException, URISyntaxException {
        Path location = Path.of(com.bi.proto.basic.v1.BasicServiceGrpc.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> classes = new ArrayList<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                files.map(p -> location.relativize(p).toString().replace('\\', '/')).forEach(classes::add);
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                jar.stream().map(e -> e.getName()).forEach(classes::add);
            }
        }
        List<Descriptors.ServiceDescriptor> services = new ArrayList<>();
        for (String name : classes) {
            if (!name.endsWith("Grpc.class") || name.contains("$")) {
                continue;
            }
            String className = name.substring(0, name.length() - ".class".length()).replace('/', '.');
            try {
                Class<?> stub = Class.forName(className);
                ServiceDescriptor descriptor = (ServiceDescriptor) stub.getMethod("getServiceDescriptor").invoke(null);
                if (descriptor.getSchemaDescriptor() instanceof ProtoServiceDescriptorSupplier supplier) {
                    services.add(supplier.getServiceDescriptor());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read the service descriptor of " + className, e);
            }
        }
        services.sort(Comparator.comparing(Descriptors.ServiceDescriptor::getFullName));
        return services;
    }
}
