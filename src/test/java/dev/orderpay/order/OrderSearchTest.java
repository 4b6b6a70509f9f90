package dev.orderpay.order;

import static dev.orderpay.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

import dev.orderpay.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** GET /v1/orders/unpaid (contract §4.2) against the real PostgreSQL. */
@QuarkusTest
class OrderSearchTest {

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    private static List<String> ids(String customer, String query) {
        return asCustomer(customer).get("/v1/orders/unpaid" + query).then().statusCode(200)
                .extract().jsonPath().getList("orders.order_id", String.class);
    }

    @Test
    void eachFilterAloneAndCombined() {
        String c = newCustomer();
        String ec2New = createOrder(c, order("hws.service.type.ec2", "new_purchase", "USD", "10.00"));
        String ec2Renew = createOrder(c, order("hws.service.type.ec2", "renewal", "USD", "20.00"));
        String rdsNew = createOrder(c, order("hws.service.type.rds", "new_purchase", "CNY", "30.00"));
        Map<String, Object> approval = order("hws.service.type.obs", "change", "JPY", "500");
        approval.put("requires_approval", true);
        String obsPending = createOrder(c, approval);

        assertThat(ids(c, "?service_type=hws.service.type.ec2")).containsExactlyInAnyOrder(ec2New, ec2Renew);
        assertThat(ids(c, "?service_type=hws.service.type.ec2&service_type=hws.service.type.rds"))
                .containsExactlyInAnyOrder(ec2New, ec2Renew, rdsNew);
        assertThat(ids(c, "?order_type=new_purchase")).containsExactlyInAnyOrder(ec2New, rdsNew);
        assertThat(ids(c, "?order_type=renewal&order_type=change")).containsExactlyInAnyOrder(ec2Renew, obsPending);
        assertThat(ids(c, "?status=pending_approval")).containsExactly(obsPending);
        assertThat(ids(c, "?status=pending_payment")).containsExactlyInAnyOrder(ec2New, ec2Renew, rdsNew);
        assertThat(ids(c, "?service_type=hws.service.type.ec2&order_type=new_purchase&status=pending_payment"))
                .containsExactly(ec2New);
        assertThat(ids(c, "?service_type=hws.service.type.obs&status=pending_payment")).isEmpty();
        asCustomer(c).get("/v1/orders/unpaid?order_type=new_purchase").then()
                .body("total_count", is(2)).body("next_page_token", nullValue());
        // the response carries the whole order, money as strings
        asCustomer(c).get("/v1/orders/unpaid?service_type=hws.service.type.obs").then()
                .body("orders[0].amount", is("500")).body("orders[0].currency", is("JPY"))
                .body("orders[0].service_type_name", is("Object Storage Service"))
                .body("orders[0].line_items[0].unit_price", is("500"))
                .body("orders[0].status", is("pending_approval"));
    }

    /**
     * The page, its total and the line items come from one statement (issue #13 item 2): a page
     * left empty past the end (its last order cancelled after the token was issued) still carries
     * the total of all matches, and an order's line items keep their line order and values.
     */
    @Test
    void emptyPagePastTheEndKeepsTheTotalAndLineItemsKeepTheirOrder() {
        String c = newCustomer();
        Map<String, Object> two = usdOrder("1.00");
        Map<String, Object> second = new LinkedHashMap<>(((List<Map<String, Object>>) two.get("line_items")).get(0));
        second.put("product_id", "obs.standard");
        second.put("description", "second line");
        second.put("quantity", 3);
        second.put("unit_price", "2.50");
        second.remove("region");
        two.put("line_items", List.of(((List<?>) two.get("line_items")).get(0), second));
        String first = createOrder(c, two);
        String other = createOrder(c, usdOrder("3.00"));
        asCustomer(c).get("/v1/orders/unpaid?order_id=" + first).then().statusCode(200)
                .body("orders.order_id", contains(first)).body("total_count", is(1))
                .body("orders[0].line_items.product_id", contains("s6.large.2", "obs.standard"))
                .body("orders[0].line_items[1].quantity", is(3)).body("orders[0].line_items[1].unit_price", is("2.50"))
                .body("orders[0].line_items[1].amount", is("7.50")).body("orders[0].line_items[1].region", nullValue())
                .body("orders[0].amount", is("8.50"));
        JsonPath page1 = asCustomer(c).get("/v1/orders/unpaid?sort=created_at&limit=1").then().statusCode(200)
                .body("orders", hasSize(1)).body("total_count", is(2)).extract().jsonPath();
        String shown = page1.getString("orders[0].order_id");
        String token = page1.getString("next_page_token");
        assertThat(token).isNotNull();
        asCustomer(c).post("/v1/orders/" + (shown.equals(first) ? other : first) + "/cancel").then().statusCode(200);
        asCustomer(c).get("/v1/orders/unpaid?sort=created_at&limit=1&page_token=" + token).then().statusCode(200)
                .body("orders", empty()).body("total_count", is(1)).body("next_page_token", nullValue());
        asCustomer(newCustomer()).get("/v1/orders/unpaid").then().statusCode(200)
                .body("orders", empty()).body("total_count", is(0)).body("next_page_token", nullValue());
    }

    @Test
    void orderNumberPrefixIsCaseInsensitive() {
        String c = newCustomer();
        Map<String, Object> a = usdOrder("1.00");
        a.put("order_id", "CSX" + Long.toString(System.nanoTime(), 36).toUpperCase() + "AB");
        String id = createOrder(c, a);
        createOrder(c, usdOrder("2.00"));
        String prefix = id.substring(0, 8).toLowerCase();
        assertThat(ids(c, "?order_id=" + prefix)).containsExactly(id);
        assertThat(ids(c, "?order_id=" + id.toUpperCase())).containsExactly(id);
        // '_' is a LIKE wildcard in SQL: it must match only itself
        assertThat(ids(c, "?order_id=CS_")).isEmpty();
    }

    @Test
    void eachSortWithTiesByOrderId() {
        String c = newCustomer();
        Instant base = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Map<String, Object> o = usdOrder("1.00");
            o.put("expires_at", base.plus(i, ChronoUnit.HOURS).toString());
            created.add(createOrder(c, o));
        }
        assertThat(ids(c, "?sort=expires_at")).containsExactlyElementsOf(created);
        assertThat(ids(c, "?sort=-expires_at")).containsExactlyElementsOf(reversed(created));
        assertThat(ids(c, "?sort=created_at")).containsExactlyElementsOf(created);
        assertThat(ids(c, "")).containsExactlyElementsOf(reversed(created));
        assertThat(ids(c, "?sort=-created_at")).containsExactlyElementsOf(reversed(created));
        // orders created in one request share created_at: ties are broken by ascending order_id
        String c2 = newCustomer();
        List<String> same = createOrders(c2, false, List.of(usdOrder("1.00"), usdOrder("1.00"), usdOrder("1.00")));
        assertThat(ids(c2, "?sort=created_at")).containsExactlyElementsOf(same.stream().sorted().toList());
        assertThat(ids(c2, "?sort=-created_at")).containsExactlyElementsOf(same.stream().sorted().toList());
    }

    private static List<String> reversed(List<String> l) {
        List<String> r = new ArrayList<>(l);
        Collections.reverse(r);
        return r;
    }

    @Test
    void walkingAllPagesReturnsEachOrderOnceEvenWithConcurrentInserts() {
        String c = newCustomer();
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            batch.add(usdOrder((i + 1) + ".00"));
        }
        List<String> existing = createOrders(c, false, batch); // one transaction
        for (String sort : List.of("-created_at", "created_at", "expires_at", "-expires_at")) {
            List<String> seen = new ArrayList<>();
            String token = null;
            int pages = 0;
            do {
                String q = "?limit=10&sort=" + sort + (token == null ? "" : "&page_token=" + token);
                JsonPath page = asCustomer(c).get("/v1/orders/unpaid" + q).then().statusCode(200).extract().jsonPath();
                seen.addAll(page.getList("orders.order_id", String.class));
                token = page.getString("next_page_token");
                pages++;
                // a new order arrives between page requests
                createOrder(c, usdOrder("99.00"));
            } while (token != null && pages < 20);
            Set<String> unique = new HashSet<>(seen);
            assertThat(unique).as("no duplicates with sort " + sort).hasSize(seen.size());
            assertThat(unique).as("every pre-existing order with sort " + sort).containsAll(existing);
        }
    }

    @Test
    void expiredOrdersAreNeverListed() {
        String c = newCustomer();
        Instant soon = Instant.now().plus(1, ChronoUnit.HOURS);
        Map<String, Object> o = usdOrder("5.00");
        o.put("expires_at", soon.toString());
        String expiring = createOrder(c, o);
        String later = createOrder(c, usdOrder("6.00"));
        assertThat(ids(c, "")).containsExactlyInAnyOrder(expiring, later);
        TestClock.set(soon.plusSeconds(1));
        assertThat(ids(c, "")).containsExactly(later);
        asCustomer(c).get("/v1/orders/unpaid").then().body("total_count", is(1));
        asCustomer(c).get("/v1/orders/" + expiring).then().statusCode(200).body("status", is("expired"));
    }

    @Test
    void unknownEnumeratedValuesAre400() {
        String c = newCustomer();
        for (String q : List.of("?status=paid", "?status=bogus", "?order_type=upgrade", "?service_type=hws.service.type.xyz",
                "?sort=amount", "?limit=0", "?limit=101", "?limit=x", "?page_token=garbage", "?colour=red")) {
            asCustomer(c).get("/v1/orders/unpaid" + q).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("error_code", is("VALIDATION_FAILED"))
                    .body("violations.size()", greaterThan(0));
        }
    }

    @Test
    void anotherCustomersOrdersAreInvisible() {
        String owner = newCustomer();
        String other = newCustomer();
        String id = createOrder(owner, usdOrder("7.00"));
        assertThat(ids(other, "")).isEmpty();
        asCustomer(other).get("/v1/orders/" + id).then().statusCode(404).body("error_code", is("ORDER_NOT_FOUND"));
        asCustomer(other).get("/v1/orders/NO-SUCH-ORDER").then().statusCode(404).body("error_code", is("ORDER_NOT_FOUND"));
        asCustomer(other).get("/v1/orders/unpaid?order_id=" + id).then().statusCode(200).body("total_count", is(0));
    }

    @Test
    void authenticationAndRoles() {
        given().get("/v1/orders/unpaid").then().statusCode(401).body("error_code", is("UNAUTHENTICATED"));
        given().auth().oauth2("not-a-jwt").get("/v1/orders/unpaid").then().statusCode(401);
        given().auth().oauth2(token("ops", "admin")).get("/v1/orders/unpaid").then().statusCode(403)
                .body("error_code", is("FORBIDDEN"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customer_id", newCustomer());
        body.put("orders", List.of(usdOrder("1.00")));
        asCustomer("someone").body(body).post("/v1/admin/orders").then().statusCode(403);
    }
}
