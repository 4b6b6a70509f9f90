package dev.orderpay.sandbox;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * The sandbox's hosted checkout page (contract §7), {@code /sandbox/checkout/{session_id}}: a
 * plain HTML form a person can use in a browser (amount, currency, card number, Pay, Cancel),
 * simulating the customer's side of Stripe Checkout with Stripe's test cards
 * ({@link SandboxCards}). Pay authorises (manual capture) and redirects 303 to
 * {@code success_url}; a declined card shows the page again with the error (the session stays
 * open, as at Stripe); Cancel redirects 303 to {@code cancel_url}. 404 when the sandbox is off.
 */
@Path("/sandbox/checkout/{session_id}")
@PermitAll
public class SandboxCheckoutResource {

    private static final String HEAD = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Pay %1$s %2$s — sandbox checkout</title>
            <style>
            body { font-family: system-ui, sans-serif; max-width: 30rem; margin: 3rem auto; padding: 0 1rem; color: #1a1a1a; }
            .amount { font-size: 2rem; font-weight: 600; margin: .5rem 0 1.5rem; }
            label { display: block; font-weight: 600; margin-bottom: .25rem; }
            input { width: 100%%; box-sizing: border-box; font-size: 1.1rem; padding: .5rem; letter-spacing: .05em; }
            .buttons { display: flex; gap: .75rem; margin-top: 1rem; }
            button { font-size: 1rem; padding: .6rem 1.2rem; cursor: pointer; }
            button.pay { background: #635bff; color: #fff; border: 0; border-radius: 4px; }
            .error { color: #b00020; font-weight: 600; }
            .note { color: #666; font-size: .85rem; margin-top: 2rem; }
            code { font-size: .95em; }
            details { margin-top: 1.5rem; }
            </style>
            </head>
            <body>
            <p class="note">Sandbox gateway — test mode, no real money moves.</p>
            """;

    /** The page for {@code v}; every value is HTML-escaped. */
    static String html(CheckoutView v) {
        String amount = escape(v.amount());
        String currency = escape(v.currency());
        StringBuilder b = new StringBuilder(HEAD.formatted(amount, currency));
        b.append("<h1>").append(escape(v.name())).append("</h1>\n");
        b.append("<p class=\"amount\">").append(amount).append(' ').append(currency).append("</p>\n");
        if (v.error() != null) {
            b.append("<p class=\"error\" role=\"alert\">").append(escape(v.error())).append("</p>\n");
        }
        if (v.open()) {
            b.append("<form method=\"post\" action=\"/sandbox/checkout/").append(escape(v.id())).append("\">\n")
                    .append("<label for=\"card_number\">Card number</label>\n")
                    .append("<input id=\"card_number\" name=\"card_number\" inputmode=\"numeric\" autocomplete=\"cc-number\" ")
                    .append("value=\"4242 4242 4242 4242\" required>\n")
                    .append("<div class=\"buttons\">\n")
                    .append("<button class=\"pay\" type=\"submit\" name=\"action\" value=\"pay\">Pay ").append(amount).append(' ')
                    .append(currency).append("</button>\n")
                    .append("<button type=\"submit\" name=\"action\" value=\"cancel\" formnovalidate>Cancel</button>\n")
                    .append("</div>\n</form>\n<details>\n<summary>Test cards</summary>\n<ul>\n");
            for (CheckoutView.TestCard c : v.cards()) {
                b.append("<li><code>").append(escape(c.number())).append("</code> ").append(escape(c.label())).append("</li>\n");
            }
            b.append("</ul>\n</details>\n");
        } else {
            b.append("<p>This checkout is ").append(escape(v.status())).append(".</p>\n");
        }
        return b.append("</body>\n</html>\n").toString();
    }

    private static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    private final SandboxStripe stripe;

    public SandboxCheckoutResource(SandboxStripe stripe) {
        this.stripe = stripe;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response show(@PathParam("session_id") String sessionId) {
        stripe.requireEnabled();
        return render(200, sessionId, null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response submit(@PathParam("session_id") String sessionId, @FormParam("card_number") String cardNumber,
                           @FormParam("action") String action) {
        stripe.requireEnabled();
        try {
            if ("cancel".equals(action)) {
                String cancelUrl = stripe.cancelUrl(sessionId);
                return cancelUrl != null ? Response.seeOther(URI.create(cancelUrl)).build() : render(200, sessionId, "Checkout cancelled.");
            }
            SandboxTransitions.PayResult result = stripe.pay(sessionId, cardNumber);
            if ("succeeded".equals(result.outcome())) {
                return result.redirectUrl() != null ? Response.seeOther(URI.create(result.redirectUrl())).build()
                        : render(200, sessionId, null);
            }
            return render(402, sessionId, result.message());
        } catch (SandboxStripeException e) {
            return render(e.status, sessionId, e.getMessage());
        }
    }

    private Response render(int status, String sessionId, String error) {
        CheckoutView view;
        try {
            view = stripe.view(sessionId, error);
        } catch (SandboxStripeException e) {
            return Response.status(e.status).type(MediaType.TEXT_PLAIN_TYPE).entity(e.getMessage()).build();
        }
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(html(view)).build();
    }
}
