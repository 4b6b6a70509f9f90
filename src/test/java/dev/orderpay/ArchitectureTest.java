package dev.orderpay;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.orderpay.archfixture.RogueEntityQuery;
import dev.orderpay.archfixture.RogueNativeQuery;
import dev.orderpay.archfixture.RogueStatusWriter;
import dev.orderpay.order.Order;
import dev.orderpay.payment.Payment;
import dev.orderpay.savings.Coupon;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.config.ConfigMapping;
import jakarta.persistence.Entity;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of ARCHITECTURE.md, checked on the compiled main classes (issue #12
 * item 13). Plain JUnit with the ArchUnit core API: a broken rule fails with ArchUnit's list of
 * the offending accesses.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.orderpay");
    }

    /** pricing is pure: Java's own library and itself, no framework, no I/O. */
    @Test
    void pricingImportsNoFramework() {
        assertHolds(noClasses().that().resideInAPackage("dev.orderpay.pricing..")
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", "dev.orderpay.pricing..")
                .because("pricing is pure code with no I/O and no framework (ARCHITECTURE.md)"));
    }

    /** platform is the ground floor every capability stands on. */
    @Test
    void platformImportsNothingAboveIt() {
        assertHolds(noClasses().that().resideInAPackage("dev.orderpay.platform..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.orderpay.order..", "dev.orderpay.payment..",
                        "dev.orderpay.savings..", "dev.orderpay.billing..", "dev.orderpay.customer..", "dev.orderpay.notify..",
                        "dev.orderpay.function..", "dev.orderpay.demo..", "dev.orderpay.gateway..", "dev.orderpay.pricing..")
                .because("platform imports nothing above it (ARCHITECTURE.md)"));
    }

    /** Capabilities depend on each other one way only. */
    @Test
    void packagesAreFreeOfCycles() {
        assertHolds(slices().matching("dev.orderpay.(*)..").should().beFreeOfCycles()
                .because("each capability asks the ones below it, never the other way round (ARCHITECTURE.md)"));
    }

    /** The gateway client is a leaf: it knows Stripe's protocol, not our business. */
    @Test
    void gatewayImportsNoBusinessPackage() {
        assertHolds(noClasses().that().resideInAPackage("dev.orderpay.gateway..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.orderpay.order..", "dev.orderpay.payment..",
                        "dev.orderpay.savings..", "dev.orderpay.billing..", "dev.orderpay.customer..", "dev.orderpay.notify..",
                        "dev.orderpay.function..", "dev.orderpay.demo..")
                .because("the gateway client is a leaf (ARCHITECTURE.md)"));
    }

    /**
     * The sandbox gateway is a fake Stripe server beside the client (issue #12 item 9): the client
     * never knows it, and no main class outside it depends on it. Tests may (they are not imported here).
     */
    @Test
    void sandboxStandsApartFromTheClient() {
        assertHolds(noClasses().that().resideInAPackage("dev.orderpay.gateway..")
                .should().dependOnClassesThat().resideInAPackage("dev.orderpay.sandbox..")
                .because("gateway is the Stripe client alone; it reaches the sandbox only over HTTP, by URL (ARCHITECTURE.md)"));
        assertHolds(noClasses().that().resideOutsideOfPackage("dev.orderpay.sandbox..")
                .should().dependOnClassesThat().resideInAPackage("dev.orderpay.sandbox..")
                .because("only the sandbox uses the sandbox; no wiring needs an exception: Quarkus discovers its beans and "
                        + "resources, StripeGateway reaches it by URL when payments.sandbox.enabled, tests over HTTP (ARCHITECTURE.md)"));
    }

    /**
     * Adapters (REST resources, Funqy functions) translate HTTP to service calls: they touch no
     * entity, no database API and no rule class. The sandbox gateway is a fake server, not one of ours.
     */
    @Test
    void adaptersHoldNoRules() {
        assertHolds(noClasses().that(adapters())
                .should().dependOnClassesThat().areAnnotatedWith(Entity.class)
                .orShould().dependOnClassesThat().resideInAnyPackage("io.quarkus.hibernate..", "io.quarkus.panache..",
                        "org.hibernate..", "io.vertx.mutiny.sqlclient..", "dev.orderpay.pricing..")
                .orShould().dependOnClassesThat().haveSimpleNameEndingWith("Repository")
                .orShould().dependOnClassesThat().haveSimpleName("PaymentRules")
                .orShould().dependOnClassesThat().haveSimpleName("CheckoutDecision")
                .orShould().dependOnClassesThat().haveSimpleName("PaymentTransitions")
                .because("adapters hold no rules; services and the owning entities do (ARCHITECTURE.md)"));
    }

    /**
     * Services speak the domain, adapters speak HTTP (issue #12 item 6): below the adapters, the
     * capabilities return typed results and throw the domain's errors; statuses, headers, JAX-RS
     * responses and Funqy belong to the REST resources and the functions. ({@code notify} is left
     * out: its SMS sender is an outbound REST client, not an answer.)
     */
    @Test
    void servicesSpeakNoHttp() {
        DescribedPredicate<JavaClass> belowTheAdapters = DescribedPredicate.describe("are services or other non-adapter "
                        + "classes of order, payment, savings, billing, customer",
                c -> !adapters().test(c) && (c.getSimpleName().endsWith("Service")
                        || Set.of("dev.orderpay.order", "dev.orderpay.payment", "dev.orderpay.savings", "dev.orderpay.billing",
                        "dev.orderpay.customer").contains(c.getPackageName())));
        assertHolds(noClasses().that(belowTheAdapters)
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "io.vertx.ext.web..",
                        "io.quarkus.funqy..", "io.quarkus.vertx.http..", "org.jboss.resteasy..")
                .because("services return typed results and throw the domain's errors; the adapters map them to HTTP "
                        + "(ARCHITECTURE.md)"));
    }

    /** The status of an order, a payment and a coupon is written only by its own class, through its transitions. */
    @Test
    void onlyTheOwningClassWritesAStatus() {
        for (Class<?> owner : Set.of(Order.class, Payment.class, Coupon.class)) {
            assertHolds(onlyOwnerWritesStatus(owner));
        }
        assertHolds(classes().that().doNotHaveFullyQualifiedName(Coupon.class.getName())
                .should(notSetField(Coupon.class, "balance"))
                .because("the coupon rules restore a cash balance exactly; only Coupon applies them"));
    }

    /**
     * The status rule is not vacuous: a class of the test sources that sets {@code Order.status}
     * directly ({@link RogueStatusWriter}) violates it, and the report
     * names the method and the field.
     */
    @Test
    void theStatusRuleCatchesAWriterOutsideTheOwningClass() {
        JavaClasses rogue = new ClassFileImporter().importClasses(RogueStatusWriter.class);
        EvaluationResult result = onlyOwnerWritesStatus(Order.class).evaluate(rogue);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString())
                .contains("was violated (1 times)")
                .contains("Method <dev.orderpay.archfixture.RogueStatusWriter.markPaid(dev.orderpay.order.Order)>"
                        + " sets field <dev.orderpay.order.Order.status>");
    }

    private static ArchRule onlyOwnerWritesStatus(Class<?> owner) {
        return classes().that().doNotHaveFullyQualifiedName(owner.getName())
                .should(notSetField(owner, "status"))
                .because(owner.getSimpleName() + " is the only writer of its status (its transitions table)");
    }

    /** Any entity's fields are written only from the package that owns it. */
    @Test
    void onlyTheOwningPackageWritesAnAggregate() {
        assertHolds(classes().should(new ArchCondition<JavaClass>("not set a field of an entity of another package") {
            @Override
            public void check(JavaClass writer, ConditionEvents events) {
                for (JavaFieldAccess access : writer.getFieldAccessesFromSelf()) {
                    JavaClass owner = access.getTargetOwner();
                    if (access.getAccessType() == JavaFieldAccess.AccessType.SET && owner.isAnnotatedWith(Entity.class)
                            && !owner.getPackageName().equals(writer.getPackageName())) {
                        events.add(SimpleConditionEvent.violated(access, access.getDescription()));
                    }
                }
            }
        }).because("each capability is the only writer of its own state (ARCHITECTURE.md)"));
    }

    /**
     * One configuration style per capability (issue #12 item 8): each package that has settings has
     * exactly one {@code @ConfigMapping}, a view of the {@code payments} namespace listing the key
     * groups it owns, so a key is found by package name and its default sits in one interface.
     */
    @Test
    void oneConfigMappingPerPackage() {
        assertHolds(classes().that().areAnnotatedWith(ConfigMapping.class)
                .should(new ArchCondition<JavaClass>("map the payments namespace, one mapping per package") {
                    @Override
                    public void check(JavaClass mapping, ConditionEvents events) {
                        String prefix = mapping.getAnnotationOfType(ConfigMapping.class).prefix();
                        if (!"payments".equals(prefix)) {
                            events.add(SimpleConditionEvent.violated(mapping, mapping.getName() + " has prefix '" + prefix
                                    + "': map prefix 'payments' and name the key group (e.g. gateway()) in the interface"));
                        }
                        List<String> others = mapping.getPackage().getClasses().stream()
                                .filter(c -> c.isAnnotatedWith(ConfigMapping.class) && !c.equals(mapping))
                                .map(JavaClass::getSimpleName).sorted().toList();
                        if (!others.isEmpty()) {
                            events.add(SimpleConditionEvent.violated(mapping, mapping.getName() + " shares its package with "
                                    + others + ": one mapping per capability"));
                        }
                    }
                })
                .because("each capability reads its settings through one @ConfigMapping of its own (ARCHITECTURE.md)"));
    }

    /**
     * Our {@code payments.*} keys are read only through the mappings; {@code @ConfigProperty} is left
     * for the few Quarkus-owned keys a class needs ({@code quarkus.*}), which no mapping of ours may claim.
     */
    @Test
    void configPropertyOnlyForQuarkusKeys() {
        assertHolds(classes().should(new ArchCondition<JavaClass>("inject @ConfigProperty only for quarkus.* keys") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                List<String> names = new ArrayList<>();
                c.getFields().forEach(f -> f.tryGetAnnotationOfType(ConfigProperty.class).ifPresent(a -> names.add(a.name())));
                c.getCodeUnits().forEach(u -> u.getParameters().forEach(p -> p.tryGetAnnotationOfType(ConfigProperty.class)
                        .ifPresent(a -> names.add(a.name()))));
                names.stream().filter(n -> !n.startsWith("quarkus.")).forEach(n -> events.add(SimpleConditionEvent.violated(c,
                        c.getName() + " injects @ConfigProperty(\"" + n + "\"): read it through its capability's @ConfigMapping")));
            }
        }).because("one configuration style per capability (ARCHITECTURE.md)"));
    }

    /**
     * One way to reach the database per kind of access (issue #12 item 8): aggregates through
     * Panache; set-based statements (claims {@code FOR UPDATE SKIP LOCKED}, bulk expiry, purge)
     * through {@code platform.db.SqlStatements}. The reactive pool itself is used only there and by
     * {@code OrderRepository.search}, the one prepared statement kept for speed (issue #13).
     */
    @Test
    void onlyTheSqlHelperAndTheSearchUseThePool() {
        assertHolds(noClasses().that().resideOutsideOfPackage("dev.orderpay.platform.db")
                .and().doNotHaveFullyQualifiedName("dev.orderpay.order.OrderRepository")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.vertx.mutiny.sqlclient.Pool")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.vertx.mutiny.sqlclient.SqlClient")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.vertx.mutiny.sqlclient.SqlConnection")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.vertx.sqlclient.Pool")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.vertx.sqlclient.SqlClient")
                .because("set-based SQL goes through SqlStatements; only the measured search keeps its own "
                        + "prepared statement (ARCHITECTURE.md, \"Reaching the database\")"));
    }

    /** What Panache's active record offers on an entity: its static queries and its instance persist/delete. */
    private static final Set<String> PANACHE_OPERATIONS = Set.of("find", "findAll", "findById", "list", "listAll",
            "stream", "streamAll", "count", "delete", "deleteAll", "deleteById", "update", "persist", "persistAndFlush",
            "isPersistent", "flush", "getSession");

    /**
     * Aggregates are reached through their repository (issue #12 item 8): an entity's Panache
     * operations ({@code Payment.find…}, {@code p.persist()}, …) are called only by the entity
     * itself or by a {@code *Repository} of the entity's own package.
     */
    @Test
    void onlyRepositoriesReachAggregates() {
        assertHolds(onlyRepositoriesCallPanacheOnEntities());
    }

    /** The repository rule fails on a service that queries an entity itself (kept in the test sources). */
    @Test
    void theRepositoryRuleCatchesAQueryOutsideTheRepository() {
        JavaClasses withRogue = new ClassFileImporter().importClasses(RogueEntityQuery.class, Payment.class);
        EvaluationResult result = onlyRepositoriesCallPanacheOnEntities().evaluate(withRogue);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString())
                .contains("was violated (2 times)")
                .contains("RogueEntityQuery.lookUp(")
                .contains("Payment.find(")
                .contains("Payment.persist(");
    }

    private static ArchRule onlyRepositoriesCallPanacheOnEntities() {
        return classes().should(new ArchCondition<JavaClass>(
                "call an entity's Panache operations only from the entity or a repository of its package") {
            @Override
            public void check(JavaClass caller, ConditionEvents events) {
                boolean repository = caller.getSimpleName().endsWith("Repository");
                for (JavaMethodCall call : caller.getMethodCallsFromSelf()) {
                    JavaClass owner = call.getTargetOwner();
                    if (owner.isAssignableTo(PanacheEntityBase.class) && PANACHE_OPERATIONS.contains(call.getName())
                            && !owner.equals(caller)
                            && !(repository && owner.getPackageName().equals(caller.getPackageName()))) {
                        events.add(SimpleConditionEvent.violated(call, describe(call)));
                    }
                }
            }
        }).because("aggregates are reached through their repository (ARCHITECTURE.md, \"Reaching the database\")");
    }

    /**
     * Native SQL through the Hibernate session is kept for the statements that must run under the
     * session's transaction (ARCHITECTURE.md, "Reaching the database"), in the classes named in
     * {@link #NATIVE_SESSION_SQL}; HQL and entity operations on the session belong to repositories.
     * Any other statement is a repository query or goes through {@code SqlStatements}.
     */
    @Test
    void sessionQueriesOnlyInRepositoriesAndTheNamedClasses() {
        assertHolds(sessionQueriesRule());
    }

    /** The session rule fails on native SQL in a class it does not name (kept in the test sources). */
    @Test
    void theSessionRuleCatchesNativeSqlElsewhere() {
        EvaluationResult result = sessionQueriesRule().evaluate(new ClassFileImporter().importClasses(RogueNativeQuery.class));
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString())
                .contains("was violated (1 times)")
                .contains("RogueNativeQuery.markAllPaid()")
                .contains("createNativeQuery(");
    }

    /**
     * A repository's queries are its named methods: no other class hands it HQL through the
     * inherited {@code find}/{@code list}/{@code stream}/{@code count}/{@code delete}/{@code update}
     * taking a query string ({@code findById}, {@code persist} stay open to services).
     */
    @Test
    void hqlStaysInsideItsRepository() {
        assertHolds(hqlRule());
    }

    /** The HQL rule fails on a query string passed to a repository from outside (kept in the test sources). */
    @Test
    void theHqlRuleCatchesAQueryStringFromOutside() {
        EvaluationResult result = hqlRule().evaluate(new ClassFileImporter().importClasses(RogueNativeQuery.class));
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString())
                .contains("was violated (1 times)")
                .contains("RogueNativeQuery.ownQuery(")
                .contains("OrderRepository.find(java.lang.String");
    }

    private static final Set<String> SESSION_QUERIES = Set.of("createNativeQuery", "createQuery", "createSelectionQuery",
            "createMutationQuery", "find", "persist", "persistAll", "merge", "remove", "removeAll", "refresh", "lock");

    private static ArchRule sessionQueriesRule() {
        return noClasses().that(DescribedPredicate.describe("are neither repositories nor named in NATIVE_SESSION_SQL",
                        c -> !NATIVE_SESSION_SQL.contains(c.getName()) && !c.getSimpleName().endsWith("Repository")))
                .should().callMethodWhere(DescribedPredicate.describe("a query or entity operation of a Hibernate Reactive session",
                        call -> SESSION_QUERIES.contains(call.getName())
                                && call.getTargetOwner().getPackageName().startsWith("org.hibernate.reactive")))
                .because("the session's queries belong to repositories, and native SQL to the few statements that must run "
                        + "under the caller's transaction (ARCHITECTURE.md, \"Reaching the database\")");
    }

    private static final Set<String> HQL_METHODS = Set.of("find", "list", "stream", "count", "delete", "update");

    private static ArchRule hqlRule() {
        return classes().should(new ArchCondition<JavaClass>("hand no HQL to a repository it is not") {
            @Override
            public void check(JavaClass caller, ConditionEvents events) {
                for (JavaMethodCall call : caller.getMethodCallsFromSelf()) {
                    JavaClass owner = call.getTargetOwner();
                    List<JavaClass> params = call.getTarget().getRawParameterTypes();
                    if (owner.isAssignableTo(PanacheRepositoryBase.class) && !owner.equals(caller)
                            && HQL_METHODS.contains(call.getName())
                            && !params.isEmpty() && params.get(0).isEquivalentTo(String.class)) {
                        events.add(SimpleConditionEvent.violated(call, describe(call)));
                    }
                }
            }
        }).because("a repository's queries are its named methods (ARCHITECTURE.md, \"Reaching the database\")");
    }

    /** The classes whose statements join the caller's Hibernate transaction (ARCHITECTURE.md's table). */
    private static final Set<String> NATIVE_SESSION_SQL = Set.of(
            "dev.orderpay.payment.IdempotencyStore",      // complete, linkPayment ride the payment's transaction; a held key read and taken over under its row lock
            "dev.orderpay.payment.WebhookService",        // event claims, applied with the event's work
            "dev.orderpay.payment.CheckoutSettler",       // the settling lease
            "dev.orderpay.billing.BillingService",        // issuing bills under an advisory lock
            "dev.orderpay.order.ServiceTypeCatalogue",    // the distinct service types, read in the caller's session
            "dev.orderpay.demo.DemoData");                // dev-mode demo data

    private static DescribedPredicate<JavaClass> adapters() {
        return DescribedPredicate.describe("are REST resources or Funqy functions",
                c -> !c.getPackageName().startsWith("dev.orderpay.sandbox")
                        && (c.getSimpleName().endsWith("Resource") || c.getPackageName().equals("dev.orderpay.function")));
    }

    /** Violated by each write ({@code putfield}) of {@code owner.field}; lambdas count as their enclosing class. */
    private static ArchCondition<JavaClass> notSetField(Class<?> owner, String field) {
        return new ArchCondition<>("not set " + owner.getSimpleName() + "." + field) {
            @Override
            public void check(JavaClass writer, ConditionEvents events) {
                for (JavaFieldAccess access : writer.getFieldAccessesFromSelf()) {
                    if (access.getAccessType() == JavaFieldAccess.AccessType.SET && access.getTargetOwner().isEquivalentTo(owner)
                            && access.getTarget().getName().equals(field)) {
                        events.add(SimpleConditionEvent.violated(access, describe(access)));
                    }
                }
            }
        };
    }

    private static String describe(JavaAccess<?> access) {
        return access.getDescription();
    }

    /**
     * Evaluates the rule on the main classes and asserts it has no violation; the assertion's
     * message is ArchUnit's failure report ("Rule '…' was violated (n times): …").
     */
    private static void assertHolds(ArchRule rule) {
        EvaluationResult result = rule.evaluate(classes);
        assertThat(result.hasViolation()).as("%s", result.getFailureReport()).isFalse();
    }
}
