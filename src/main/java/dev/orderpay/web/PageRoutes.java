package dev.orderpay.web;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * Serves the Unpaid Orders page (issue #14): the static files under {@code META-INF/resources}
 * ({@code index.html} at {@code /}, {@code app.js}, {@code styles.css}, {@code i18n/*.json}) from the jar.
 *
 * <p>Why a route of its own: Quarkus serves {@code META-INF/resources} after Quarkus REST, and Quarkus REST
 * passes a request it has no resource for on to the next route only when the application maps no
 * {@code NotFoundException}; {@code ProblemMappers} maps every {@code Throwable} to problem+json, so
 * {@code /} answered 404 NOT_FOUND. These routes come first (order -1, like the function filters), only
 * for GET/HEAD of the page's own paths. The page is only a client of the public API: it has no endpoint
 * of its own. Headers: a Content-Security-Policy that allows only this origin's scripts, styles and API,
 * and {@code X-Content-Type-Options: nosniff}.
 */
@ApplicationScoped
public class PageRoutes {

    static final int ORDER = -1;
    static final List<String> PATHS = List.of("/", "/index.html", "/app.js", "/styles.css", "/i18n/*");
    static final String CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'";

    void install(@Observes Router router) {
        StaticHandler files = StaticHandler.create("META-INF/resources").setIndexPage("index.html")
                .setCachingEnabled(false).setDefaultContentEncoding("UTF-8");
        for (String path : PATHS) {
            router.get(path).order(ORDER).handler(PageRoutes::headers).handler(files);
            router.head(path).order(ORDER).handler(PageRoutes::headers).handler(files);
        }
    }

    private static void headers(RoutingContext ctx) {
        ctx.response().putHeader("Content-Security-Policy", CSP).putHeader("X-Content-Type-Options", "nosniff");
        ctx.next();
    }
}
