package dev.orderpay.notify;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The words of the customer notifications (contract §4.2): they name the orders and say
 * they can now be paid (approval) or were rejected. Times are shown in UTC.
 */
public final class NotificationTexts {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private NotificationTexts() {
    }

    /** A notification's texts: email subject and body, SMS text. */
    public record Texts(String subject, String emailBody, String smsText) {
    }

    /** Orders approved: they can now be paid, before {@code payBy} (the earliest deadline). */
    public static Texts approved(List<String> orderIds, Instant payBy) {
        String list = String.join(", ", orderIds);
        boolean single = orderIds.size() == 1;
        String one = single ? "order" : "orders";
        String have = single ? "has" : "have";
        String subject = "Your " + one + " can now be paid";
        String email = "Hello,\n\n"
                + "The following " + one + " " + have + " been approved: " + list + ".\n"
                + "You can now pay for your " + one + " on the Unpaid Orders page"
                + (payBy == null ? "" : " before " + UTC.format(payBy)) + ".\n"
                + (single ? "" : "Orders of one combined purchase are paid together.\n")
                + "\nBilling Center";
        String sms = "Billing Center: your " + one + " " + list + " " + have + " been approved and can now be paid"
                + (payBy == null ? "" : " (pay by " + UTC.format(payBy) + ")") + ".";
        return new Texts(subject, email, sms);
    }

    /** Orders rejected by an approver and cancelled; {@code reason} optional. */
    public static Texts rejected(List<String> orderIds, String reason) {
        String list = String.join(", ", orderIds);
        boolean single = orderIds.size() == 1;
        String one = single ? "order" : "orders";
        String were = single ? "was" : "were";
        String subject = "Your " + one + " " + were + " rejected";
        String why = reason == null || reason.isBlank() ? "" : " Reason: " + reason.strip();
        String email = "Hello,\n\n"
                + "The following " + one + " " + were + " rejected by the approver and cancelled: " + list + "."
                + why + "\n" + (single ? "It" : "They") + " cannot be paid. Contact your account manager if you believe this is a mistake.\n"
                + "\nBilling Center";
        String sms = "Billing Center: your " + one + " " + list + " " + were + " rejected and cancelled." + why;
        return new Texts(subject, email, sms);
    }
}
