package dev.nos.operator;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.ByteArrayInputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** TEST CODE: the Helm chart {@code charts/nos}, rendered by Helm 3.16.4 (helm-java) and parsed by Fabric8. */
final class Charts {
    /** The chart's folder, from the operator module. */
    static final Path NOS = Path.of("..", "charts", "nos");

    private Charts() {}

    /** The values file that turns every optional part on (namespaced mode, ServiceMonitor, dashboard, images). */
    static Path nonDefaultValues() {
        try {
            return Path.of(Charts.class.getResource("/helm/non-default-values.yaml").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code helm template <release> charts/nos -n <namespace> [-f values]}, as YAML. */
    static String template(String release, String namespace, Path values) {
        return template(release, namespace, values, Map.of());
    }

    /** {@code helm template <release> charts/nos -n <namespace> [-f values] [--set key=value ...]}, as YAML. */
    static String template(String release, String namespace, Path values, Map<String, Object> sets) {
        TemplateCommand t = new Helm(NOS).template().withName(release).withNamespace(namespace);
        if (values != null) {
            t = t.withValuesFile(values);
        }
        for (Map.Entry<String, Object> e : sets.entrySet()) {
            t = t.set(e.getKey(), e.getValue());
        }
        return t.call();
    }

    /** The objects {@link #template} renders (Kinds Fabric8 has no class for, e.g. ServiceMonitor, come generic). */
    static List<HasMetadata> render(String release, String namespace, Path values) {
        return parse(template(release, namespace, values));
    }

    static List<HasMetadata> parse(String yaml) {
        // no request is sent: the client only parses
        try (KubernetesClient parser = new KubernetesClientBuilder().build()) {
            return parser.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
        }
    }

    static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    static List<HasMetadata> ofKind(List<HasMetadata> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.getKind())).collect(Collectors.toList());
    }
}
