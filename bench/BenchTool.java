import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;

/**
 * Helper of bench/run.sh, run as a single-file program with the packaged service's own libraries
 * (jose4j, Jackson) on the class path:
 * <pre>
 *   java -cp 'target/quarkus-app/lib/main/*' bench/BenchTool.java tokens KEY.pem ISSUER CUSTOMERS OUT
 *   java -cp 'target/quarkus-app/lib/main/*' bench/BenchTool.java script LOG.json KIND CUSTOMERS CAPTURE_CUSTOMER ORDERS... OUT
 * </pre>
 * {@code tokens} mints one RS256 JWT per benchmark customer (line c: {@code sub=bench-c%06d},
 * role customer, valid 24 h), as the API gateway would forward it (contract §3).
 *
 * <p>{@code script} turns the statements one captured request sent, read from PostgreSQL's
 * {@code jsonlog} ({@code log_statement=all}), into a pgbench script that sends the same statements
 * in the same order, one round trip each, for any customer: each bound parameter is inlined as a
 * literal, except the per-request values, which become pgbench expressions: the customer's ID,
 * order IDs (the paid orders from the request's block, other orders at the same position in the
 * customer's list), payment IDs and idempotency keys (unique per transaction) and times (relative
 * to {@code now()}). A batch (the same DML statement repeated on one connection, see
 * {@link Statement#continuesBatchOf}) is sent in one pipeline. Prints the round trips and the
 * statements on stdout, e.g. {@code 41 (100 statements)}.
 */
public class BenchTool {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CUSTOMER = Pattern.compile("bench-c(\\d{6})");
    private static final Pattern ORDER = Pattern.compile("bench-o(\\d{8})");
    private static final Pattern PAYMENT = Pattern.compile("PAY[0-9A-Z]{26}");
    private static final Pattern KEY = Pattern.compile("bench-cap-.*");
    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([+-]\\d{2}(:?\\d{2})?|Z)?");
    private static final DateTimeFormatter PG_TIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd[ ]['T']HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HH:mm", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .toFormatter();

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "tokens" -> tokens(Path.of(args[1]), args[2], Integer.parseInt(args[3]), Path.of(args[4]));
            case "script" -> {
                List<Long> orders = new ArrayList<>();
                for (int i = 5; i < args.length - 1; i++) {
                    orders.add(Long.parseLong(args[i]));
                }
                int[] n = script(Path.of(args[1]), args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]), orders,
                        Path.of(args[args.length - 1]));
                System.out.println(n[0] + " (" + n[1] + " statements)");
            }
            case "report" -> report(Path.of(args[1]), args.length > 2 ? args[2] : "", args.length > 3 ? args[3] : "",
                    args.length > 4 ? args[4] : "");
            default -> {
                System.err.println("usage: BenchTool tokens KEY.pem ISSUER CUSTOMERS OUT | script LOG.json KIND CUSTOMERS CAPTURE_CUSTOMER [ORDER...] OUT");
                System.exit(2);
            }
        }
    }

    static void tokens(Path pem, String issuer, int customers, Path out) throws Exception {
        String b64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
        try (BufferedWriter w = Files.newBufferedWriter(out)) {
            for (int c = 1; c <= customers; c++) {
                JwtClaims claims = new JwtClaims();
                claims.setIssuer(issuer);
                claims.setSubject(String.format("bench-c%06d", c));
                claims.setClaim("upn", String.format("bench-c%06d", c));
                claims.setStringListClaim("groups", List.of("customer"));
                claims.setIssuedAtToNow();
                claims.setExpirationTimeMinutesInTheFuture(24 * 60);
                claims.setJwtId(UUID.randomUUID().toString());
                JsonWebSignature jws = new JsonWebSignature();
                jws.setPayload(claims.toJson());
                jws.setKey(key);
                jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
                jws.setHeader("typ", "JWT");
                w.write(jws.getCompactSerialization());
                w.newLine();
            }
        }
    }

    /** One captured statement: SQL with $n placeholders and its parameter values (null = SQL NULL), and its backend. */
    record Statement(String sql, Map<Integer, String> params, long pid) {

        /**
         * Whether it continues {@code previous}'s batch: the same DML statement again on the same
         * connection without RETURNING, which Hibernate's statement batching
         * ({@code quarkus.hibernate-orm.jdbc.statement-batch-size}) sends in one pipeline, one
         * round trip; PostgreSQL logs each execution of it. A statement whose result is read
         * (a query, RETURNING) cannot be batched.
         */
        boolean continuesBatchOf(Statement previous) {
            String lower = sql.stripLeading().toLowerCase(java.util.Locale.ROOT);
            return previous != null && previous.pid == pid && previous.sql.equals(sql)
                    && (lower.startsWith("insert") || lower.startsWith("update") || lower.startsWith("delete"))
                    && !lower.contains(" returning ");
        }
    }

    static int[] script(Path log, String kind, int customers, int captureCustomer, List<Long> requestOrders, Path out)
            throws Exception {
        List<Statement> statements = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode e = JSON.readTree(line);
            String msg = e.path("message").asText("");
            String sql;
            if (msg.startsWith("statement: ")) {
                sql = msg.substring("statement: ".length());
            } else if (msg.startsWith("execute ")) {
                sql = msg.substring(msg.indexOf(": ") + 2);
            } else {
                continue;
            }
            if (BACKGROUND.matcher(sql).find()) {
                continue;   // not the request's: a background refresh that fell into the capture window
            }
            statements.add(new Statement(sql, parameters(e.path("detail").asText("")), e.path("pid").asLong()));
        }
        // the request's own time: the most frequent time among its parameters
        Map<OffsetDateTime, Integer> times = new HashMap<>();
        for (Statement s : statements) {
            for (String v : s.params().values()) {
                if (v != null && TIME.matcher(v).matches()) {
                    times.merge(time(v), 1, Integer::sum);
                }
            }
        }
        OffsetDateTime now = times.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);

        StringBuilder sb = new StringBuilder();
        sb.append("-- ").append(kind).append(": the statements one request sent, captured from PostgreSQL's log by bench/run.sh\n");
        if (kind.startsWith("pay")) {
            int n = requestOrders.size();
            // request s of this client (pgbench keeps :n per client): the same order blocks as bench/lua/pay.lua
            sb.append("\\set s :n * :nclients + :client_id\n");
            sb.append("\\set n :n + 1\n");
            sb.append("\\set cid :s % ").append(customers).append(" + 1\n");
            sb.append("\\set blk :s / ").append(customers).append("\n");
            for (int i = 0; i < n; i++) {
                sb.append("\\set o").append(i).append(" (:blk * ").append(n).append(" + ").append(i).append(") * ")
                        .append(customers).append(" + :cid\n");
            }
        } else {
            sb.append("\\set cid random(1, ").append(customers).append(")\n");
        }
        Pattern placeholder = Pattern.compile("\\$(\\d+)");
        // batches (see Statement#continuesBatchOf) are sent in one pipeline: one round trip, as the service does
        int roundTrips = 0;
        for (int si = 0; si < statements.size(); si++) {
            Statement s = statements.get(si);
            Statement prev = si == 0 ? null : statements.get(si - 1);
            Statement next = si + 1 < statements.size() ? statements.get(si + 1) : null;
            boolean inBatch = s.continuesBatchOf(prev);
            boolean batchGoesOn = next != null && next.continuesBatchOf(s);
            if (!inBatch) {
                roundTrips++;
                if (batchGoesOn) {
                    sb.append("\\startpipeline\n");
                }
            }
            Map<Integer, String> generated = sequenceIds(s.sql());
            Matcher m = placeholder.matcher(s.sql());
            StringBuilder line = new StringBuilder();
            while (m.find()) {
                int idx = Integer.parseInt(m.group(1));
                String expr = generated.containsKey(idx) ? generated.get(idx)
                        : s.params().containsKey(idx)
                        ? expression(s.params().get(idx), customers, captureCustomer, requestOrders, now)
                        : m.group();
                m.appendReplacement(line, Matcher.quoteReplacement(expr));
            }
            m.appendTail(line);
            sb.append(line.toString().replaceAll("\\s*\\n\\s*", " ").trim()).append(";\n");
            if (inBatch && !batchGoesOn) {
                sb.append("\\endpipeline\n");
            }
        }
        Files.writeString(out, sb.toString());
        return new int[] {roundTrips, statements.size()};
    }

    /** Statements the service sends on its own schedule, not for a request (the payment gauges' refresh, PaymentMetrics). */
    static final Pattern BACKGROUND = Pattern.compile("(?is)^\\s*select\\s+status,\\s*method,\\s*count\\(\\*\\)\\s+from\\s+payment\\s+group\\s+by");

    /** Tables whose {@code id} the service takes from a sequence (Hibernate's pooled allocation, 50 at a time). */
    static final Map<String, String> ID_SEQUENCES = Map.of("bill_item", "bill_item_seq");
    static final Pattern INSERT = Pattern.compile("(?is)\\s*insert\\s+into\\s+(\\w+)\\s*\\(([^)]*)\\)\\s*values\\s*\\(([^)]*)\\).*");

    /**
     * For an insert into a table of {@link #ID_SEQUENCES}: the placeholder bound to its {@code id}
     * column, mapped to {@code nextval(...)}. The captured request's ID is a literal that a second
     * transaction would insert again; the service takes each new ID from the same sequence (one
     * {@code select nextval} per 50 IDs, captured as it came).
     */
    static Map<Integer, String> sequenceIds(String sql) {
        Matcher m = INSERT.matcher(sql);
        if (!m.matches() || !ID_SEQUENCES.containsKey(m.group(1).toLowerCase(java.util.Locale.ROOT))) {
            return Map.of();
        }
        String[] cols = m.group(2).split(",");
        String[] vals = m.group(3).split(",");
        for (int i = 0; i < cols.length && i < vals.length; i++) {
            if (cols[i].trim().equalsIgnoreCase("id") && vals[i].trim().matches("\\$\\d+")) {
                return Map.of(Integer.parseInt(vals[i].trim().substring(1)),
                        "nextval('" + ID_SEQUENCES.get(m.group(1).toLowerCase(java.util.Locale.ROOT)) + "')");
            }
        }
        return Map.of();
    }

    static String expression(String v, int customers, int captureCustomer, List<Long> requestOrders, OffsetDateTime now) {
        if (v == null) {
            return "NULL";
        }
        Matcher m;
        if ((m = CUSTOMER.matcher(v)).matches()) {
            if (Integer.parseInt(m.group(1)) != captureCustomer) {
                throw new IllegalStateException("captured a statement of another customer: " + v);
            }
            return "('bench-c'||lpad((:cid)::text,6,'0'))";
        }
        if ((m = ORDER.matcher(v)).matches()) {
            long o = Long.parseLong(m.group(1));
            int i = requestOrders.indexOf(o);
            if (i >= 0) {
                return "('bench-o'||lpad((:o" + i + ")::text,8,'0'))";
            }
            if ((o - captureCustomer) % customers != 0) {
                throw new IllegalStateException("order " + v + " is not customer " + captureCustomer + "'s");
            }
            long k = (o - captureCustomer) / customers;
            return "('bench-o'||lpad((" + k + " * " + customers + " + :cid)::text,8,'0'))";
        }
        if (PAYMENT.matcher(v).matches()) {
            return "('PAY'||lpad((:s)::text,26,'0'))";
        }
        if (KEY.matcher(v).matches()) {
            return "('bench-k-'||:s)";
        }
        if (now != null && TIME.matcher(v).matches()) {
            long ms = Duration.between(now, time(v)).toMillis();
            return ms == 0 ? "now()" : "(now() + interval '" + ms + " milliseconds')";
        }
        // pgbench would read ":name" inside a literal as a variable: spell ':' as chr(58)
        return "'" + v.replace("'", "''").replace(":", "'||chr(58)||'") + "'";
    }

    /** One measured phase: its throughput (requests/s), latencies (ms) and failures. */
    record Measure(int run, String scenario, String phase, String kind, double rps, double p50, double p99, String non2xx,
                   double cpuMs) {
    }

    /**
     * Prints the Markdown table of bench/run.sh from its results TSV (run, scenario, phase, kind,
     * "BENCH", key=value...), one row per scenario: throughput min–max over the runs, the ratio
     * service / SQL of each run paired with the raw-SQL figure of the same run (min–max), and the
     * median p50 / p99 over the runs.
     */
    static void report(Path tsv, String rtSearch, String rtPay1, String rtPay30) throws Exception {
        List<Measure> all = new ArrayList<>();
        for (String line : Files.readAllLines(tsv)) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            Map<String, String> kv = new HashMap<>();
            for (int i = 5; i < f.length; i++) {
                int eq = f[i].indexOf('=');
                if (eq > 0) {
                    kv.put(f[i].substring(0, eq), f[i].substring(eq + 1));
                }
            }
            all.add(new Measure(Integer.parseInt(f[0]), f[1], f[2], f[3], num(kv.get("rps")), num(kv.get("p50_ms")),
                    num(kv.get("p99_ms")), kv.getOrDefault("non2xx", "?")
                    + (kv.containsKey("sockerr") && !"0".equals(kv.get("sockerr")) ? " (+" + kv.get("sockerr") + " socket errors)" : ""),
                    "?".equals(kv.get("cpu_ms")) ? 0 : num(kv.get("cpu_ms"))));
        }
        System.out.println("| scenario | service | raw SQL | service / SQL | service p50 / p99 | raw p50 / p99 | non-2xx (service / raw failed) | round trips | service CPU / request |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        row(all, "search `GET /v1/orders/unpaid?limit=10`, JIT warmed", "search", "warm", 1, "req/s", rtSearch);
        row(all, "search, first " + System.getProperty("bench.duration", "30") + " s of a fresh JVM", "search", "fresh", 1, "req/s", rtSearch);
        row(all, "pay 1 order (monthly settlement), warmed", "pay1", "warm", 1, "/s", rtPay1);
        row(all, "pay 1 order, first " + System.getProperty("bench.duration", "30") + " s of a fresh JVM", "pay1", "fresh", 1, "/s", rtPay1);
        row(all, "pay 30 orders in one request, warmed", "pay30", "warm", 30, "orders/s", rtPay30);
        System.out.println();
        System.out.println("Throughput and ratio: lowest–highest over the runs (each ratio pairs the service with the raw SQL of the same run;"
                + " the fresh-JVM rows use the same raw-SQL run as the warmed ones); latencies: median over the runs."
                + " pay 30: orders/s = payments/s × 30. Service CPU / request: the service's user + system CPU time"
                + " during the phase over its answered requests (lowest–highest; a pay-30 request pays 30 orders).");
    }

    private static void row(List<Measure> all, String label, String scenario, String phase, int factor, String unit, String rt) {
        List<Measure> svc = all.stream().filter(m -> m.scenario().equals(scenario) && m.phase().equals(phase) && m.kind().equals("service")).toList();
        List<Measure> sql = all.stream().filter(m -> m.scenario().equals(scenario) && m.kind().equals("sql")).toList();
        if (svc.isEmpty()) {
            return;
        }
        List<Double> ratios = new ArrayList<>();
        for (Measure s : svc) {
            sql.stream().filter(q -> q.run() == s.run() && q.rps() > 0).findFirst().ifPresent(q -> ratios.add(s.rps() / q.rps()));
        }
        String label2 = label;
        System.out.printf("| %s | %s %s | %s | %s | %s | %s | %s | %s | %s |%n",
                label2,
                range(svc.stream().map(m -> m.rps() * factor).toList(), "%,.0f"), unit,
                sql.isEmpty() ? "" : range(sql.stream().map(m -> m.rps() * factor).toList(), "%,.0f"),
                ratios.isEmpty() ? "" : range(ratios, "%.2f"),
                median(svc.stream().map(Measure::p50).toList()) + " / " + median(svc.stream().map(Measure::p99).toList()) + " ms",
                sql.isEmpty() ? "" : median(sql.stream().map(Measure::p50).toList()) + " / " + median(sql.stream().map(Measure::p99).toList()) + " ms",
                String.join(", ", svc.stream().map(Measure::non2xx).toList()) + " / "
                        + (sql.isEmpty() ? "–" : String.join(", ", sql.stream().map(Measure::non2xx).toList())),
                rt == null || rt.isEmpty() ? "?" : rt,
                svc.stream().allMatch(m -> m.cpuMs() > 0) ? range(svc.stream().map(Measure::cpuMs).toList(), "%.2f") + " ms" : "?");
    }

    private static double num(String s) {
        return s == null || s.isEmpty() ? 0 : Double.parseDouble(s);
    }

    private static String range(List<Double> v, String fmt) {
        double lo = v.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double hi = v.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        String a = String.format(java.util.Locale.ROOT, fmt, lo);
        String b = String.format(java.util.Locale.ROOT, fmt, hi);
        return a.equals(b) ? a : a + "–" + b;
    }

    private static String median(List<Double> v) {
        List<Double> s = v.stream().sorted().toList();
        double m = s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
        return String.format(java.util.Locale.ROOT, "%.0f", m);
    }

    static OffsetDateTime time(String v) {
        String s = v.replace('T', ' ');
        if (s.matches(".*[+-]\\d{2}$")) {
            s = s + ":00";
        } else if (!s.matches(".*([+-]\\d{2}:?\\d{2}|Z)$")) {
            s = s + "+00:00";
        }
        return OffsetDateTime.parse(s.replace(' ', 'T'), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** Parses PostgreSQL's "parameters: $1 = 'a', $2 = NULL" (quotes inside values doubled). */
    static Map<Integer, String> parameters(String detail) {
        Map<Integer, String> out = new LinkedHashMap<>();
        if (!detail.startsWith("parameters: ")) {
            return out;
        }
        String s = detail.substring("parameters: ".length());
        int i = 0;
        while (i < s.length()) {
            if (s.charAt(i) != '$') {
                i++;
                continue;
            }
            int eq = s.indexOf(" = ", i);
            int idx = Integer.parseInt(s.substring(i + 1, eq));
            i = eq + 3;
            if (s.startsWith("NULL", i)) {
                out.put(idx, null);
                i += 4;
            } else {
                StringBuilder v = new StringBuilder();
                i++; // opening quote
                while (i < s.length()) {
                    char c = s.charAt(i);
                    if (c == '\'') {
                        if (i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                            v.append('\'');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    v.append(c);
                    i++;
                }
                out.put(idx, v.toString());
            }
        }
        return out;
    }
}
