package dev.orderpay.platform.openapi;

import dev.orderpay.platform.DatabaseUnavailable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Extensible;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Completes the OpenAPI document ({@code /q/openapi}) with what MicroProfile OpenAPI annotations
 * cannot say (issue #12 item 7). What an operation is, its success answers and its own error
 * codes are declared on the resource method ({@code @Operation}, {@code @APIResponse} with a
 * description {@code "error_code: A, B"}, {@code @Parameter}, {@code @Tag}); the Funqy
 * functions, which the scanner does not see, are declared in {@code META-INF/openapi.yaml}. This
 * filter adds only the rules shared by every operation (contract §2, §9, §11):
 * <ul>
 *   <li>the problem+json body ({@code #/components/schemas/Problem}) on every 4xx/5xx answer,
 *       and {@code Retry-After} on 429 and 503;</li>
 *   <li>the platform's errors: 401 {@code UNAUTHENTICATED} and 403 {@code FORBIDDEN} on secured
 *       operations, 400 {@code VALIDATION_FAILED} where there is input, 413
 *       {@code REQUEST_TOO_LARGE} where there is a body ({@code platform.RequestGuard}), 503
 *       {@code SERVICE_UNAVAILABLE} unless the operation carries the extension
 *       {@value #NO_DATABASE} ({@link DatabaseUnavailable}), 500 {@code INTERNAL_ERROR};</li>
 *   <li>a function carrying {@value #ERRORS_OF} ({@code "POST /v1/payments"}) answers the error
 *       codes of that REST operation (contract §10: same errors and statuses);</li>
 *   <li>an array parameter's {@code @Schema(enumeration)} describes its items (the annotation has
 *       no {@code items}), and a bare array parameter holds strings;</li>
 *   <li>field descriptions from {@link FieldGlossary}; the sandbox gateway (dev and test only, a
 *       stand-in for the payment provider) is left out, with the schemas only it used, and tags
 *       no operation uses are dropped.</li>
 * </ul>
 * Registered by {@code mp.openapi.filter}. {@code OpenApiErrorCodesTest} checks that the error
 * codes the service answers are the ones documented here.
 */
public class ContractOpenApiFilter implements OASFilter {

    static final String PROBLEM_JSON = "application/problem+json";
    static final String PROBLEM_REF = "#/components/schemas/Problem";
    /** Prefix of an error response's description; the codes follow, comma-separated. */
    public static final String ERROR_CODE = "error_code: ";
    /** Operation extension (removed from the output): the operation never touches the database. */
    public static final String NO_DATABASE = "x-orderpay-no-database";
    /** Operation extension (removed from the output): {@code "METHOD /path"} whose error codes it answers. */
    public static final String ERRORS_OF = "x-orderpay-errors-of";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (String path : new ArrayList<>(openAPI.getPaths().getPathItems().keySet())) {
            if (path.startsWith("/sandbox/")) {
                openAPI.getPaths().removePathItem(path);
            }
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations()
                .forEach((method, op) -> document(openAPI, op)));
        dropUnusedTags(openAPI);
        if (openAPI.getComponents() != null && openAPI.getComponents().getSchemas() != null) {
            removeUnreferencedSchemas(openAPI);
            openAPI.getComponents().getSchemas().values().forEach(ContractOpenApiFilter::describeFields);
        }
    }

    private static void document(OpenAPI openAPI, Operation op) {
        if (op.getResponses() == null) {
            op.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = op.getResponses();
        Map<Integer, Set<String>> errors = new TreeMap<>();
        Object errorsOf = extension(op, ERRORS_OF);
        if (errorsOf != null) {
            String[] target = errorsOf.toString().split(" ", 2);
            PathItem item = openAPI.getPaths().getPathItem(target[1]);
            Operation other = item == null ? null : item.getOperations().get(PathItem.HttpMethod.valueOf(target[0]));
            if (other == null) {
                throw new IllegalStateException(ERRORS_OF + " names no operation: " + errorsOf);
            }
            errorCodes(other.getResponses(), errors);
        }
        errorCodes(responses, errors);
        if (op.getSecurity() != null && !op.getSecurity().isEmpty()) {
            errors.computeIfAbsent(401, k -> new LinkedHashSet<>()).add("UNAUTHENTICATED");
            errors.computeIfAbsent(403, k -> new LinkedHashSet<>()).add("FORBIDDEN");
        }
        if (op.getRequestBody() != null || (op.getParameters() != null && !op.getParameters().isEmpty())) {
            errors.computeIfAbsent(400, k -> new LinkedHashSet<>()).add("VALIDATION_FAILED");
        }
        if (op.getRequestBody() != null) {
            // a body over quarkus.http.limits.max-body-size (platform.RequestGuard)
            errors.computeIfAbsent(413, k -> new LinkedHashSet<>()).add("REQUEST_TOO_LARGE");
        }
        if (extension(op, NO_DATABASE) == null) {
            // PostgreSQL unreachable or restarting (platform.DatabaseUnavailable, issue #11 item 3)
            errors.computeIfAbsent(503, k -> new LinkedHashSet<>()).add(DatabaseUnavailable.ERROR_CODE);
        }
        errors.computeIfAbsent(500, k -> new LinkedHashSet<>()).add("INTERNAL_ERROR");
        errors.forEach((status, codes) -> responses.addAPIResponse(String.valueOf(status), problem(status, codes)));
        // the scanner also hangs a method's @Extension on its declared responses
        dropOwnExtensions(responses);
        responses.getAPIResponses().values().forEach(ContractOpenApiFilter::dropOwnExtensions);
        dropOwnExtensions(op);
        if (op.getParameters() != null) {
            op.getParameters().forEach(p -> arrayItems(p.getSchema()));
        }
    }

    /** Removes this filter's own extensions, which are instructions, not part of the published document. */
    private static void dropOwnExtensions(Extensible<?> element) {
        if (element.getExtensions() != null) {
            element.removeExtension(NO_DATABASE);
            element.removeExtension(ERRORS_OF);
            if (element.getExtensions().isEmpty()) {
                element.setExtensions(null);
            }
        }
    }

    private static Object extension(Operation op, String name) {
        return op.getExtensions() == null ? null : op.getExtensions().get(name);
    }

    /** Collects the codes of the {@code error_code: A, B} responses (status ≥ 400) into {@code errors}. */
    private static void errorCodes(APIResponses responses, Map<Integer, Set<String>> errors) {
        if (responses == null || responses.getAPIResponses() == null) {
            return;
        }
        responses.getAPIResponses().forEach((status, response) -> {
            if (status.matches("[45]\\d\\d")) {
                String description = response.getDescription() == null ? "" : response.getDescription();
                if (!description.startsWith(ERROR_CODE)) {
                    return; // a default the scanner made ("Not Authorized", "Bad Request"): replaced below
                }
                Set<String> codes = errors.computeIfAbsent(Integer.parseInt(status), k -> new LinkedHashSet<>());
                Arrays.stream(description.substring(ERROR_CODE.length()).split(",")).map(String::strip)
                        .filter(c -> !c.isEmpty()).forEach(codes::add);
            }
        });
    }

    private static APIResponse problem(int status, Set<String> codes) {
        APIResponse r = OASFactory.createAPIResponse()
                .description(ERROR_CODE + String.join(", ", codes))
                .content(OASFactory.createContent().addMediaType(PROBLEM_JSON,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF))));
        if (status == 503 || status == 429) {
            r.addHeader("Retry-After", OASFactory.createHeader().description("Seconds to wait before retrying")
                    .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)));
        }
        return r;
    }

    /** {@code @Schema(type = ARRAY, enumeration = …)} on a parameter: the enumeration is of the items. */
    private static void arrayItems(Schema schema) {
        if (schema == null || schema.getType() == null || !schema.getType().contains(Schema.SchemaType.ARRAY)) {
            return;
        }
        if (schema.getItems() == null) {
            schema.setItems(OASFactory.createSchema().addType(Schema.SchemaType.STRING));
        }
        if (schema.getEnumeration() != null && !schema.getEnumeration().isEmpty()) {
            schema.getItems().setEnumeration(new ArrayList<>(schema.getEnumeration()));
            schema.setEnumeration(null);
        }
    }

    /** Drops the tags no operation uses (the class-name tags of the sandbox resources removed above). */
    private static void dropUnusedTags(OpenAPI openAPI) {
        if (openAPI.getTags() == null) {
            return;
        }
        Set<String> used = new HashSet<>();
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(op -> {
            if (op.getTags() != null) {
                used.addAll(op.getTags());
            }
        }));
        openAPI.setTags(new ArrayList<>(openAPI.getTags().stream().filter(t -> used.contains(t.getName())).toList()));
    }

    /** Drops the schemas nothing refers to any more (those of the sandbox paths removed above). */
    private static void removeUnreferencedSchemas(OpenAPI openAPI) {
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        Set<String> used = new HashSet<>();
        Deque<Schema> todo = new ArrayDeque<>();
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(op -> {
            if (op.getParameters() != null) {
                op.getParameters().forEach(p -> push(todo, p.getSchema()));
            }
            if (op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
                pushContent(todo, op.getRequestBody().getContent());
            }
            if (op.getResponses() != null && op.getResponses().getAPIResponses() != null) {
                op.getResponses().getAPIResponses().values().forEach(r -> {
                    if (r.getContent() != null) {
                        pushContent(todo, r.getContent());
                    }
                });
            }
        }));
        while (!todo.isEmpty()) {
            Schema s = todo.pop();
            if (s.getRef() != null) {
                String name = s.getRef().substring(s.getRef().lastIndexOf('/') + 1);
                if (used.add(name) && schemas.containsKey(name)) {
                    todo.push(schemas.get(name));
                }
            }
            if (s.getProperties() != null) {
                s.getProperties().values().forEach(p -> push(todo, p));
            }
            push(todo, s.getItems());
            if (s.getAdditionalPropertiesSchema() != null) {
                push(todo, s.getAdditionalPropertiesSchema());
            }
            for (List<Schema> list : Arrays.asList(s.getAllOf(), s.getAnyOf(), s.getOneOf())) {
                if (list != null) {
                    list.forEach(x -> push(todo, x));
                }
            }
        }
        new ArrayList<>(schemas.keySet()).stream().filter(name -> !used.contains(name))
                .forEach(openAPI.getComponents()::removeSchema);
    }

    private static void pushContent(Deque<Schema> todo, Content content) {
        if (content.getMediaTypes() != null) {
            content.getMediaTypes().values().forEach(m -> push(todo, m.getSchema()));
        }
    }

    private static void push(Deque<Schema> todo, Schema schema) {
        if (schema != null) {
            todo.push(schema);
        }
    }

    private static void describeFields(Schema schema) {
        if (schema.getProperties() == null) {
            return;
        }
        schema.getProperties().forEach((name, property) -> {
            if (property.getDescription() == null && FieldGlossary.FIELDS.containsKey(name)) {
                property.setDescription(FieldGlossary.FIELDS.get(name));
            }
        });
    }
}
