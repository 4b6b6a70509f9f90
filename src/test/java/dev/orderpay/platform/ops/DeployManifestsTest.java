package dev.orderpay.platform.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.orderpay.function.FunctionNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every manifest under {@code deploy/} is valid YAML with the fields its platform requires
 * (Kubernetes, Knative Serving), and the pieces fit together: selectors, Service target ports,
 * HPA target, ConfigMap/Secret references, probe paths, one Knative Service per function.
 */
class DeployManifestsTest {

    static final Path DEPLOY = Path.of("deploy");
    static final Pattern DNS_1123 = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    static final Map<String, JsonNode> BY_KIND_NAME = new HashMap<>();
    static final List<JsonNode> DOCS = new ArrayList<>();
    static final Map<JsonNode, Path> FILE = new HashMap<>();

    @BeforeAll
    static void load() throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        List<Path> files;
        try (Stream<Path> s = Files.walk(DEPLOY)) {
            files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            try (MappingIterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(f.toFile())) {
                while (it.hasNext()) {
                    JsonNode doc = it.next();
                    if (doc == null || doc.isNull() || doc.isEmpty()) {
                        continue;
                    }
                    DOCS.add(doc);
                    FILE.put(doc, f);
                    BY_KIND_NAME.put(doc.path("kind").asText() + "/" + doc.path("metadata").path("name").asText(), doc);
                }
            }
        }
    }

    private static String where(JsonNode doc) {
        return FILE.get(doc) + " " + doc.path("kind").asText() + "/" + doc.path("metadata").path("name").asText();
    }

    private static List<JsonNode> ofKind(String apiVersion, String kind) {
        return DOCS.stream().filter(d -> d.path("kind").asText().equals(kind)
                && d.path("apiVersion").asText().equals(apiVersion)).toList();
    }

    @Test
    void everyDocumentHasApiVersionKindAndAValidName() {
        for (JsonNode doc : DOCS) {
            assertThat(doc.path("apiVersion").asText()).as(where(doc)).isNotBlank();
            assertThat(doc.path("kind").asText()).as(where(doc)).isNotBlank();
            String name = doc.path("metadata").path("name").asText();
            assertThat(name).as(where(doc)).hasSizeLessThanOrEqualTo(63).matches(DNS_1123);
        }
    }

    @Test
    void deploymentServiceAndAutoscalerFitTogether() {
        List<JsonNode> deployments = ofKind("apps/v1", "Deployment");
        assertThat(deployments).hasSize(1);
        JsonNode deployment = deployments.get(0);
        JsonNode spec = deployment.path("spec");
        JsonNode labels = spec.path("template").path("metadata").path("labels");
        spec.path("selector").path("matchLabels").fields().forEachRemaining(e ->
                assertThat(labels.path(e.getKey()).asText()).as("selector matches the pod labels").isEqualTo(e.getValue().asText()));
        JsonNode pod = spec.path("template").path("spec");
        Set<String> portNames = new HashSet<>();
        for (JsonNode c : pod.path("containers")) {
            checkContainer(deployment, pod, c);
            c.path("ports").forEach(p -> portNames.add(p.path("name").asText()));
        }

        List<JsonNode> services = ofKind("v1", "Service");
        assertThat(services).hasSize(1);
        JsonNode service = services.get(0);
        service.path("spec").path("selector").fields().forEachRemaining(e ->
                assertThat(labels.path(e.getKey()).asText()).as("Service selects the pods").isEqualTo(e.getValue().asText()));
        assertThat(service.path("spec").path("ports")).isNotEmpty();
        for (JsonNode p : service.path("spec").path("ports")) {
            assertThat(p.path("port").isInt()).as(where(service)).isTrue();
            JsonNode target = p.path("targetPort");
            assertThat(target.isInt() || portNames.contains(target.asText())).as("targetPort " + target).isTrue();
        }

        List<JsonNode> hpas = ofKind("autoscaling/v2", "HorizontalPodAutoscaler");
        assertThat(hpas).hasSize(1);
        JsonNode hpa = hpas.get(0).path("spec");
        assertThat(hpa.path("scaleTargetRef").path("kind").asText()).isEqualTo("Deployment");
        assertThat(hpa.path("scaleTargetRef").path("apiVersion").asText()).isEqualTo("apps/v1");
        assertThat(hpa.path("scaleTargetRef").path("name").asText()).isEqualTo(deployment.path("metadata").path("name").asText());
        assertThat(hpa.path("minReplicas").asInt()).isPositive().isLessThanOrEqualTo(hpa.path("maxReplicas").asInt());
        assertThat(hpa.path("metrics")).isNotEmpty();
    }

    @Test
    void configMapAndSecretsHoldWhatProductionNeeds() {
        JsonNode config = BY_KIND_NAME.get("ConfigMap/orderpay-config");
        assertThat(config).isNotNull();
        for (String key : List.of("QUARKUS_DATASOURCE_REACTIVE_URL", "QUARKUS_DATASOURCE_JDBC_URL",
                "MP_JWT_VERIFY_ISSUER", "MP_JWT_VERIFY_PUBLICKEY_LOCATION")) {
            assertThat(config.path("data").path(key).isTextual()).as(key).isTrue();
        }
        config.path("data").fields().forEachRemaining(e ->
                assertThat(e.getValue().isTextual()).as("ConfigMap values are strings: " + e.getKey()).isTrue());
        JsonNode secret = BY_KIND_NAME.get("Secret/orderpay-secrets");
        assertThat(secret).isNotNull();
        for (String key : List.of("QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD",
                "PAYMENTS_GATEWAY_API_KEY", "PAYMENTS_GATEWAY_WEBHOOK_SECRET")) {
            assertThat(secret.path("stringData").path(key).isTextual()).as(key).isTrue();
        }
        assertThat(BY_KIND_NAME.get("Secret/orderpay-jwt").path("stringData").path("publicKey.pem").asText())
                .contains("BEGIN PUBLIC KEY");
    }

    @Test
    void oneKnativeServicePerFunctionExportingIt() {
        List<JsonNode> services = ofKind("serving.knative.dev/v1", "Service");
        Set<String> exported = new HashSet<>();
        for (JsonNode ksvc : services) {
            JsonNode pod = ksvc.path("spec").path("template").path("spec");
            assertThat(pod.path("containers")).as(where(ksvc)).hasSize(1);
            JsonNode c = pod.path("containers").get(0);
            checkContainer(ksvc, pod, c);
            assertThat(c.path("ports").size()).as("Knative allows one port").isLessThanOrEqualTo(1);
            String export = null;
            for (JsonNode env : c.path("env")) {
                if (env.path("name").asText().equals("QUARKUS_FUNQY_EXPORT")) {
                    export = env.path("value").asText();
                }
            }
            assertThat(export).as(where(ksvc) + " sets QUARKUS_FUNQY_EXPORT").isIn(FunctionNames.ALL);
            assertThat(ksvc.path("metadata").path("name").asText()).endsWith(export);
            exported.add(export);
        }
        assertThat(exported).containsExactlyInAnyOrderElementsOf(FunctionNames.ALL);
    }

    @Test
    void kustomizationListsExistingFiles() {
        for (JsonNode k : ofKind("kustomize.config.k8s.io/v1beta1", "Kustomization")) {
            Path dir = FILE.get(k).getParent();
            for (JsonNode r : k.path("resources")) {
                assertThat(dir.resolve(r.asText())).as(where(k)).exists();
            }
        }
    }

    /** A container: image, port 8080, health probes on the Quarkus paths, references that resolve. */
    private static void checkContainer(JsonNode owner, JsonNode pod, JsonNode c) {
        String at = where(owner) + " container " + c.path("name").asText();
        assertThat(c.path("name").asText()).as(at).matches(DNS_1123);
        assertThat(c.path("image").asText()).as(at).isNotBlank();
        assertThat(c.path("ports")).as(at).isNotEmpty();
        assertThat(c.path("ports").get(0).path("containerPort").asInt()).as(at).isEqualTo(8080);
        assertThat(c.path("readinessProbe").path("httpGet").path("path").asText()).as(at).isEqualTo("/q/health/ready");
        assertThat(c.path("livenessProbe").path("httpGet").path("path").asText()).as(at).isEqualTo("/q/health/live");
        for (JsonNode from : c.path("envFrom")) {
            if (from.has("configMapRef")) {
                assertThat(BY_KIND_NAME).as(at).containsKey("ConfigMap/" + from.path("configMapRef").path("name").asText());
            }
            if (from.has("secretRef")) {
                assertThat(BY_KIND_NAME).as(at).containsKey("Secret/" + from.path("secretRef").path("name").asText());
            }
        }
        Set<String> volumes = new HashSet<>();
        for (JsonNode v : pod.path("volumes")) {
            volumes.add(v.path("name").asText());
            if (v.has("secret")) {
                assertThat(BY_KIND_NAME).as(at).containsKey("Secret/" + v.path("secret").path("secretName").asText());
            }
        }
        for (JsonNode m : c.path("volumeMounts")) {
            assertThat(volumes).as(at).contains(m.path("name").asText());
        }
    }
}
