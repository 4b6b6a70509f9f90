package dev.orderpay.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.orderpay.platform.ApiException;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The raw search and export parameters both doors share (issue #12 item 6), parsed alone: the
 * typed {@link OrderSearch} built, and every violation answered together with the field names and
 * messages of contract §4.2. The HTTP answers are covered end to end by {@code OrderSearchTest},
 * {@code OrderExportTest} and {@code FunctionContractTest}.
 */
class OrderQueryParserTest {

    private static final Set<String> KNOWN = Set.of("hws.service.type.ec2", "hws.service.type.rds");

    /** A parser whose catalogue is {@link #KNOWN}, without a database. */
    private static final OrderQueryParser PARSER = new OrderQueryParser(new ServiceTypeCatalogue() {
        @Override
        public Uni<Map<String, String>> names() {
            return Uni.createFrom().item(KNOWN.stream().collect(Collectors.toMap(s -> s, s -> s)));
        }
    });

    /** {@code "a=1&b=2,3&a=4"} as the name → values map of a query string, in order. */
    private static Map<String, List<String>> query(String q) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        if (!q.isEmpty()) {
            for (String pair : q.split("&")) {
                String[] kv = pair.split("=", 2);
                m.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(kv.length > 1 ? kv[1] : "");
            }
        }
        return m;
    }

    private static OrderSearch parse(String q) {
        return OrderQueryParser.parse(query(q), KNOWN);
    }

    /** The violations of a refused query as "field: message" lines, in order. */
    private static List<String> violations(Runnable call) {
        ApiException e = catchThrowableOfType(ApiException.class, call::run);
        assertThat(e).as("refused").isNotNull();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.errorCode()).isEqualTo("VALIDATION_FAILED");
        return ((List<?>) e.extensions().get("violations")).stream()
                .map(v -> ((Map<?, ?>) v).get("field") + ": " + ((Map<?, ?>) v).get("message")).toList();
    }

    @Test
    void noParametersIsEveryUnpaidOrderNewestFirstTenAPage() {
        OrderSearch s = parse("");
        assertThat(s.orderIdPrefix()).isNull();
        assertThat(s.serviceTypes()).isEmpty();
        assertThat(s.orderTypes()).isEmpty();
        assertThat(s.statuses()).isEqualTo(OrderStatus.UNPAID);
        assertThat(s.sort()).isEqualTo(OrderSearch.Sort.CREATED_AT_DESC);
        assertThat(s.limit()).isEqualTo(10);
        assertThat(s.after()).isNull();
    }

    @Test
    void filtersRepeatOrCommaListAndThePrefixIsUpperCased() {
        OrderSearch s = parse("order_id=ord-2026&service_type=hws.service.type.ec2,hws.service.type.rds"
                + "&order_type=renewal&order_type= change ,&status=pending_payment&sort=expires_at&limit=100");
        assertThat(s.orderIdPrefix()).isEqualTo("ORD-2026");
        assertThat(s.serviceTypes()).containsExactly("hws.service.type.ec2", "hws.service.type.rds");
        assertThat(s.orderTypes()).containsExactly(OrderType.RENEWAL, OrderType.CHANGE);
        assertThat(s.statuses()).containsExactly(OrderStatus.PENDING_PAYMENT);
        assertThat(s.sort()).isEqualTo(OrderSearch.Sort.EXPIRES_AT_ASC);
        assertThat(s.limit()).isEqualTo(100);
        assertThat(parse("order_id=").orderIdPrefix()).as("an empty prefix is no filter").isNull();
    }

    @Test
    void aPageTokenIsReadBackForItsOwnSortOnly() {
        OrderSearch.Cursor cursor = new OrderSearch.Cursor(OrderSearch.Sort.EXPIRES_AT_DESC,
                Instant.parse("2026-12-01T10:00:00.123456Z"), "ORD-9");
        assertThat(parse("sort=-expires_at&page_token=" + cursor.encode()).after()).isEqualTo(cursor);
        assertThat(violations(() -> parse("page_token=" + cursor.encode())))
                .containsExactly("page_token: is not a page token of this search");
        assertThat(violations(() -> parse("page_token=not-a-token")))
                .containsExactly("page_token: is not a page token of this search");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "color=red                              | color: unknown query parameter",
            "order_id=ORD.1                          | order_id: must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'",
            "order_id=A&order_id=B                   | order_id: may be given once",
            "service_type=hws.service.type.cdn       | service_type: unknown value 'hws.service.type.cdn'",
            "order_type=gift                         | order_type: unknown value 'gift'",
            "status=paid                             | status: unknown value 'paid' (unpaid statuses only)",
            "status=PENDING_PAYMENT                  | status: unknown value 'PENDING_PAYMENT' (unpaid statuses only)",
            "sort=amount                             | sort: unknown value 'amount'",
            "sort=created_at&sort=expires_at         | sort: may be given once",
            "limit=0                                 | limit: must be between 1 and 100",
            "limit=101                               | limit: must be between 1 and 100",
            "limit=2.5                               | limit: must be a whole number between 1 and 100",
    })
    void eachRuleHasItsViolation(String q, String violation) {
        assertThat(violations(() -> parse(q))).containsExactly(violation);
    }

    @Test
    void everyViolationOfOneRequestIsAnsweredTogetherInParameterOrder() {
        assertThat(violations(() -> parse("limit=x&color=red&status=paid&service_type=nope&order_id=a.b&sort=up")))
                .containsExactly("color: unknown query parameter",
                        "order_id: must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'",
                        "service_type: unknown value 'nope'",
                        "status: unknown value 'paid' (unpaid statuses only)",
                        "sort: unknown value 'up'",
                        "limit: must be a whole number between 1 and 100");
    }

    @Test
    void anExportTakesTheFiltersOrTheSelectedOrders() {
        OrderExport.Query filters = PARSER.export(query("format=csv&service_type=hws.service.type.rds&sort=created_at"))
                .await().indefinitely();
        assertThat(filters.selected()).isEmpty();
        assertThat(filters.search().serviceTypes()).containsExactly("hws.service.type.rds");
        assertThat(filters.search().sort()).isEqualTo(OrderSearch.Sort.CREATED_AT_ASC);

        OrderExport.Query selected = PARSER.export(query("selected=B-2,A-1&selected= C-3,,A-1&sort=-expires_at"))
                .await().indefinitely();
        assertThat(selected.selected()).as("trimmed, blanks and repeats dropped, in order").containsExactly("B-2", "A-1", "C-3");
        assertThat(selected.search().sort()).isEqualTo(OrderSearch.Sort.EXPIRES_AT_DESC);
    }

    @Test
    void anExportRefusesAnotherFormatPagingAndSelectedWithFilters() {
        assertThat(violations(() -> PARSER.export(query("format=xml")))).containsExactly("format: must be csv");
        assertThat(violations(() -> PARSER.export(query("format=csv&format=csv")))).containsExactly("format: must be csv");
        assertThat(violations(() -> PARSER.export(query("limit=5&page_token=x"))))
                .containsExactly("limit: not accepted by the export, which returns every match",
                        "page_token: not accepted by the export, which returns every match");
        assertThat(violations(() -> PARSER.export(query("selected=A1&status=pending_payment&order_id=A"))))
                .containsExactly("order_id: cannot be combined with selected", "status: cannot be combined with selected");
        assertThat(violations(() -> PARSER.export(query("selected=A.1"))))
                .containsExactly("selected: must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'");
        String tooMany = IntStream.rangeClosed(1, OrderExport.MAX_SELECTED + 1).mapToObj(i -> "O-" + i)
                .collect(Collectors.joining(","));
        assertThat(violations(() -> PARSER.export(query("selected=" + tooMany))))
                .containsExactly("selected: at most 100 order IDs");
        // the search's own rules still apply after the export's
        assertThat(violations(() -> PARSER.export(query("sort=amount")).await().indefinitely()))
                .containsExactly("sort: unknown value 'amount'");
    }
}
