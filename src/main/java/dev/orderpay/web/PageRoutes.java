package dev.orderpay.web;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

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
    /** The page's own paths; a regex route, so the static handler sees the whole path (an exact route would leave it none). */
    static final String PATHS = "^/(index\\.html|app\\.js|styles\\.css|i18n/[A-Za-z-]{2,10}\\.json)?$";
    static final String CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'";

    void install(@Observes Router router) {
        StaticHandler files = StaticHandler.create("META-INF/resources").setIndexPage("index.html")
                .setCachingEnabled(false).setDefaultContentEncoding("UTF-8");
        router.getWithRegex(PATHS).order(ORDER).handler(PageRoutes::headers).handler(files);
        router.headWithRegex(PATHS).order(ORDER).handler(PageRoutes::headers).handler(files);
    }

    private static void headers(RoutingContext ctx) {
        ctx.response().putHeader("Content-Security-Policy", CSP).putHeader("X-Content-Type-Options", "nosniff");
        ctx.next();
    }
}
