package dev.memlog.api;

import dev.memlog.api.auth.ApiKeyAuth;
import dev.memlog.api.admin.AdminController;
import dev.memlog.api.admin.AdminOps;
import dev.memlog.ingest.event.EventCodec;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.MDC;

/** Builds the memlog HTTP API on its dependencies; the node and the tests call {@link #create(QueryApiDeps)}. */
public final class QueryApi {

  public static final String CONVERSATION = "/v1/tenants/{tenant}/conversations/{conversationId}";
  public static final String MESSAGES = CONVERSATION + "/messages";
  public static final String SEARCH = "/v1/tenants/{tenant}/search";
  public static final String ENTITIES = "/v1/tenants/{tenant}/entities";
  public static final String ENTITY = ENTITIES + "/{entityId}";
  public static final String RELATIONS = ENTITY + "/relations";
  public static final String NEIGHBOURS = ENTITY + "/neighbours";
  public static final String MENTIONS = ENTITY + "/mentions";
  public static final String EVENTS = "/v1/tenants/{tenant}/events";
  public static final String FRESHNESS = "/v1/freshness";
  public static final String HEALTH = "/health";
  public static final String LIVEZ = "/livez";
  public static final String READYZ = "/readyz";
  public static final String METRICS = "/metrics";
  public static final String OPENAPI_YAML = "/openapi.yaml";
  public static final String OPENAPI_JSON = "/openapi.json";
  public static final String ASYNCAPI_YAML = "/asyncapi.yaml";
  public static final String ASYNCAPI_JSON = "/asyncapi.json";

  /** The largest request body accepted (an array of events): 16 MiB. */
  public static final long MAX_BODY_BYTES = 16L * 1024 * 1024;

  private QueryApi() {}

  public static Javalin create(QueryApiDeps deps) {
    return create(deps, null);
  }

  /** The API with the operator routes under /v1/admin served by {@code admin} (none when null). */
  public static Javalin create(QueryApiDeps deps, AdminOps admin) {
    return create(deps, admin, null);
  }

  /**
   * The API with the operator routes served by {@code admin} and the internal routes of a cluster served by
   * {@code cluster} (none when null).
   */
  public static Javalin create(QueryApiDeps deps, AdminOps admin, ClusterOps cluster) {
    var conversations = new ConversationController(deps);
    var search = new SearchController(deps);
    var entities = new EntityController(deps);
    var limits = deps.limits();
    var waits = new WaitingWork("reads", limits.waitingReads(), deps.meters());
    var sends = new WaitingWork("ingest", limits.ingestSends(), deps.meters());
    var ingest = new IngestController(deps, sends, Clock.systemUTC());
    var ops = new OpsController(deps);
    var openApi = new DocumentController(DocumentController.OPENAPI);
    var asyncApi = new DocumentController(DocumentController.ASYNCAPI);
    var schemas = new SchemasController();
    // apart from the timer's status tag, which appears only with the first 5xx: a rate() needs the 0 before it
    var serverErrors = Counter.builder("memlog.http.server.errors")
        .description("HTTP answers with a 5xx status (also in memlog_http_requests_seconds by status)")
        .register(deps.meters());
    return Javalin.create(config -> {
      config.jsonMapper(new JavalinJackson(EventCodec.mapper(), false));
      config.http.maxRequestSize = MAX_BODY_BYTES;
      config.http.prefer405over404 = true;
      config.jetty.threadPool = new QueuedThreadPool(limits.threads(), Math.min(8, limits.threads()), 60_000);
      config.jetty.modifyServer(server -> server.setErrorHandler(new JettyProblems()));
      config.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new JettyProblems()));
      config.events.serverStopped(() -> {
        waits.close();
        sends.close();
      });
      config.startup.showJavalinBanner = false;
      config.requestLogger.http((ctx, millis) -> {
        var route = ctx.endpoint() == null ? "unmatched" : ctx.endpoint().path;
        Timer.builder("memlog.http.requests").description("HTTP requests by route, method and status")
            .tag("route", route).tag("method", ctx.method().name()).tag("status", "" + ctx.statusCode())
            .publishPercentileHistogram().register(deps.meters())
            .record(Duration.ofNanos((long) (millis * 1_000_000)));
        if (ctx.statusCode() >= 500) {
          serverErrors.increment();
        }
        MDC.remove("requestId");
        ReadScopes.close(ctx);
      });
      config.routes.before(RequestIds::assign);
      config.routes.beforeMatched(new ApiKeyAuth(deps.keys())::check);
      config.routes.beforeMatched(new ConsistencyGate(deps, waits)::await);
      // after the gate: a request that waited goes on on another thread, whose scope this opens
      config.routes.beforeMatched(ReadScopes::open);
      config.routes.get(CONVERSATION, conversations::summary);
      config.routes.get(MESSAGES, conversations::messages);
      config.routes.get(SEARCH, search::search);
      config.routes.get(ENTITY, entities::entity);
      config.routes.get(ENTITIES, entities::find);
      config.routes.get(RELATIONS, entities::relations);
      config.routes.get(NEIGHBOURS, entities::neighbours);
      config.routes.get(MENTIONS, entities::mentions);
      config.routes.post(EVENTS, ingest::publish);
      config.routes.get(FRESHNESS, ops::freshness);
      config.routes.get(HEALTH, ops::health);
      config.routes.get(LIVEZ, ops::livez);
      config.routes.get(READYZ, ops::readyz);
      config.routes.get(METRICS, ops::metrics);
      config.routes.get(OPENAPI_YAML, openApi::yaml);
      config.routes.get(OPENAPI_JSON, openApi::json);
      config.routes.get(ASYNCAPI_YAML, asyncApi::yaml);
      config.routes.get(ASYNCAPI_JSON, asyncApi::json);
      config.routes.get(SchemasController.INDEX, schemas::index);
      config.routes.get(SchemasController.SCHEMA, schemas::schema);
      if (admin != null) {
        AdminController.register(config.routes, admin);
      }
      if (cluster != null) {
        var internal = new ClusterController(cluster, deps.partitions(), waits);
        config.routes.beforeMatched(internal::check);
        config.routes.post(ClusterController.QUERY, internal::query);
        config.routes.get(ClusterController.AWAIT, internal::awaitApplied);
        config.routes.get(ClusterController.VIEW, internal::view);
        config.routes.get(ClusterController.CHECKSUM, internal::checksum);
      }
      Problems.register(config.routes);
    });
  }
}
