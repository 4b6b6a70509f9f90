package dev.orderpay.sandbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Stripe error answer of the sandbox: {@code {"error": {"type", "code", "decline_code",
 * "message", "param", ...}}} with its HTTP status (Stripe docs, "Errors").
 */
class SandboxStripeException extends RuntimeException {

    final int status;
    final ObjectNode error = JsonNodeFactory.instance.objectNode();

    SandboxStripeException(int status, String type, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        error.put("type", type);
        if (code != null) {
            error.put("code", code);
        }
        error.put("message", message);
    }

    static SandboxStripeException invalid(String param, String message) {
        SandboxStripeException e = new SandboxStripeException(400, "invalid_request_error", "parameter_invalid", message);
        e.error.put("param", param);
        return e;
    }

    static SandboxStripeException missing(String param) {
        SandboxStripeException e = new SandboxStripeException(400, "invalid_request_error", "parameter_missing",
                "Missing required param: " + param + ".");
        e.error.put("param", param);
        return e;
    }

    static SandboxStripeException noSuch(String what, String id) {
        SandboxStripeException e = new SandboxStripeException(404, "invalid_request_error", "resource_missing",
                "No such " + what + ": '" + id + "'");
        e.error.put("param", "id");
        return e;
    }

    static SandboxStripeException unexpectedState(String code, String message) {
        return new SandboxStripeException(400, "invalid_request_error", code, message);
    }

    ObjectNode body() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("error", error.deepCopy());
        return body;
    }
}
