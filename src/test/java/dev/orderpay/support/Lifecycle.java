package dev.orderpay.support;

import static io.restassured.RestAssured.given;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Test helpers for approvals, jobs and notifications, through the HTTP API. */
public final class Lifecycle {

    private Lifecycle() {
    }

    public static RequestSpecification asApprover() {
        return given().auth().oauth2(Api.token("approver-ann", "approver")).contentType(ContentType.JSON);
    }

    public static ValidatableResponse approve(String orderId) {
        return asApprover().post("/v1/orders/" + orderId + "/approve").then();
    }

    public static ValidatableResponse reject(String orderId, String reason) {
        RequestSpecification r = asApprover();
        if (reason != null) {
            r = r.body(Map.of("reason", reason));
        }
        return r.post("/v1/orders/" + orderId + "/reject").then();
    }

    /** POST /v1/admin/jobs/{job}: runs it now, asserts 200. */
    public static ValidatableResponse runJob(String job) {
        return Api.asAdmin().post("/v1/admin/jobs/" + job).then().statusCode(200);
    }

    /** A customer with email {@code <id>@example.com} and a phone number of its own. */
    public static String customerWithContacts(boolean monthlySettlement) {
        String c = Api.newCustomer();
        String phone = uniquePhone();
        Api.asAdmin().body(Map.of("name", "Test " + c, "email", c + "@example.com", "phone", phone,
                        "monthly_settlement_enabled", monthlySettlement))
                .put("/v1/admin/customers/" + c).then().statusCode(200);
        return c;
    }

    /** The customer's phone, as stored. */
    public static String phoneOf(Db db, String customerId) {
        return db.string("select phone from customer where customer_id = $1", customerId);
    }

    public static String uniquePhone() {
        return "+65" + (10_000_000L + Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 89_999_999L));
    }

    /** Emails GreenMail received for {@code address}. */
    public static List<MimeMessage> mailsTo(GreenMail mail, String address) throws MessagingException {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            if (Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().contains(address))) {
                out.add(m);
            }
        }
        return out;
    }

    public static String body(MimeMessage m) {
        return GreenMailUtil.getBody(m).replace("=\r\n", "").replace("\r\n", "\n");
    }

    /** SMS requests WireMock received for {@code phone}. */
    public static List<LoggedRequest> smsTo(WireMockServer sms, String phone) {
        return sms.getAllServeEvents().stream().map(e -> e.getRequest())
                .filter(r -> r.getUrl().equals("/sms") && r.getBodyAsString().contains("\"" + phone + "\""))
                .map(r -> (LoggedRequest) r).toList();
    }
}
