package dev.orderpay.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.Map;

/** Drives the built-in sandbox gateway (contract §7) as the customer and the gateway would. */
public final class Sandbox {

    private Sandbox() {
    }

    /** The Checkout Session ID at the end of a sandbox {@code checkout_url}. */
    public static String sessionId(String checkoutUrl) {
        return checkoutUrl.substring(checkoutUrl.lastIndexOf('/') + 1);
    }

    /** The customer pays the checkout with {@code cardNumber}; returns the sandbox's answer. */
    public static JsonPath pay(String checkoutUrl, String cardNumber) {
        return given().contentType(ContentType.JSON).body(Map.of("card_number", cardNumber))
                .post("/sandbox/control/checkout/" + sessionId(checkoutUrl) + "/pay").then().extract().jsonPath();
    }

    /** The gateway's own view of a PaymentIntent (Stripe JSON). */
    public static JsonPath paymentIntent(String id) {
        return given().auth().oauth2("sk_test_sandbox").get("/sandbox/stripe/v1/payment_intents/" + id)
                .then().statusCode(200).extract().jsonPath();
    }

    /** The gateway's own view of a Checkout Session (Stripe JSON). */
    public static JsonPath session(String id) {
        return given().auth().oauth2("sk_test_sandbox").get("/sandbox/stripe/v1/checkout/sessions/" + id)
                .then().statusCode(200).extract().jsonPath();
    }

    public static void pauseWebhooks() {
        given().post("/sandbox/control/webhooks/pause").then().statusCode(200);
    }

    public static void releaseWebhooks(boolean reverse) {
        given().post("/sandbox/control/webhooks/release?reverse=" + reverse).then().statusCode(200);
    }

    public static void dropWebhooks() {
        given().post("/sandbox/control/webhooks/drop").then().statusCode(200);
    }

    public static JsonPath webhooks() {
        return given().get("/sandbox/control/webhooks").then().statusCode(200).extract().jsonPath();
    }
}
