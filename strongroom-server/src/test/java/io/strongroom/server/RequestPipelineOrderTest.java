package io.strongroom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.barrier.AesGcmBarrier;
import io.strongroom.barrier.BarrierView;
import io.strongroom.base.InvalidRequestException;
import io.strongroom.base.PermissionDeniedException;
import io.strongroom.base.SealedException;
import io.strongroom.core.lifecycle.CoreLifecycle;
import io.strongroom.logical.Operation;
import io.strongroom.logical.Request;
import io.strongroom.logical.Response;
import io.strongroom.router.NoRouteException;
import io.strongroom.router.RequestPipeline;
import io.strongroom.storage.InmemStorage;
import io.strongroom.token.TokenStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The order of {@link RequestPipeline}'s checks with the real mount table, policy store, token store and KV
 * engines over a real barrier, no HTTP (vault-compat: dataplane spec 1.1, 1.4 "authorise before route", 3.4 and
 * behaviours 4 and 11): sealed, then a write to a path ending in {@code /}, then the token, then create-or-update
 * by existence, then the ACL and sudo, then the route.
 */
class RequestPipelineOrderTest {

    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();
    private AesGcmBarrier barrier;
    private DataPlane plane;
    private RequestPipeline pipeline;
    private String root;

    @BeforeEach
    void setUp() {
        barrier = new AesGcmBarrier(new InmemStorage(), random, clock);
        byte[] key = new byte[32];
        random.nextBytes(key);
        barrier.initialize(key);
        barrier.unseal(key);
        TokenStore tokens = new TokenStore(new BarrierView(barrier, CoreLifecycle.TOKEN_VIEW), random, clock);
        plane = new DataPlane(barrier, tokens, clock, random, "test");
        plane.afterUnseal();
        plane.mounts().enable("secret/", "kv", "", Map.of("version", "2"), 0, 0);
        plane.mounts().enable("kv1/", "kv", "", Map.of("version", "1"), 0, 0);
        pipeline = plane.pipeline();
        root = tokens.createRoot();
    }

    @AfterEach
    void tearDown() {
        plane.close();
    }

    private Response call(Operation op, String path, Map<String, Object> data, String token) {
        return pipeline.handle(new Request(UUID.randomUUID().toString(), op, path, "", data, null, false, null), token)
                .response();
    }

    private String tokenWith(String policyName, String hcl) {
        call(Operation.UPDATE, "sys/policies/acl/" + policyName, Map.of("policy", hcl), root);
        Response created = call(Operation.UPDATE, "auth/token/create", Map.of("policies", List.of(policyName)), root);
        return created.auth().clientToken();
    }

    private static Map<String, Object> v2(String value) {
        return Map.of("data", Map.of("k", value));
    }

    @Test
    void sealed_isAnsweredBeforeTheTokenOrThePathIsLookedAt() {
        barrier.seal();
        assertThatThrownBy(() -> call(Operation.READ, "secret/data/x", Map.of(), "not-a-token"))
                .isInstanceOf(SealedException.class);
        assertThatThrownBy(() -> call(Operation.READ, "nomount/x", Map.of(), null)).isInstanceOf(SealedException.class);
        assertThatThrownBy(() -> call(Operation.UPDATE, "secret/data/x/", v2("1"), "not-a-token"))
                .isInstanceOf(SealedException.class);
        assertThatThrownBy(() -> call(Operation.READ, "secret/data/x", Map.of(), root))
                .isInstanceOf(SealedException.class);
        assertThatThrownBy(() -> pipeline.uiMount("secret/x", "not-a-token")).isInstanceOf(SealedException.class);
    }

    @Test
    void writeToAPathEndingInSlash_isRefusedBeforeTheToken() {
        for (Operation op : List.of(Operation.UPDATE, Operation.CREATE, Operation.PATCH)) {
            assertThatThrownBy(() -> call(op, "secret/data/x/", v2("1"), "not-a-token"))
                    .isInstanceOf(InvalidRequestException.class).hasMessage("cannot write to a path ending in '/'");
            assertThatThrownBy(() -> call(op, "nomount/", Map.of(), root))
                    .isInstanceOf(InvalidRequestException.class).hasMessage("cannot write to a path ending in '/'");
        }
        // reads, lists and deletes of such a path go on to the token check
        assertThatThrownBy(() -> call(Operation.LIST, "secret/metadata/", Map.of(), "not-a-token"))
                .isInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void badToken_isPermissionDeniedInvalidToken_evenOnUnknownPaths() {
        for (String token : new String[] {null, "", "not-a-token", "hvs.AAAAAAAAAAAAAAAAAAAAAAAA"}) {
            for (String path : List.of("nomount/x", "secret/data/x", "sys/mounts")) {
                assertThatThrownBy(() -> call(Operation.READ, path, Map.of(), token))
                        .isInstanceOf(PermissionDeniedException.class)
                        .hasMessage(PermissionDeniedException.INVALID_TOKEN);
            }
        }
    }

    @Test
    void unknownPath_allowedCallerGetsNoRoute_otherCallersPermissionDenied() {
        assertThatThrownBy(() -> call(Operation.READ, "nomount/x", Map.of(), root))
                .isInstanceOf(NoRouteException.class)
                .hasMessage("no handler for route \"nomount/x\". route entry not found.");
        String globReader = tokenWith("glob", "path \"*\" { capabilities = [\"read\"] }");
        assertThatThrownBy(() -> call(Operation.READ, "nomount/x", Map.of(), globReader))
                .isInstanceOf(NoRouteException.class);
        assertThatThrownBy(() -> call(Operation.UPDATE, "nomount/x", Map.of(), globReader))
                .isInstanceOf(PermissionDeniedException.class).hasMessage(PermissionDeniedException.DENIED);
        String other = tokenWith("other", "path \"secret/data/*\" { capabilities = [\"read\"] }");
        assertThatThrownBy(() -> call(Operation.READ, "nomount/x", Map.of(), other))
                .isInstanceOf(PermissionDeniedException.class).hasMessage(PermissionDeniedException.DENIED);
    }

    @Test
    void kvV2Write_createOnlyPolicy_writesANewKeyButCannotOverwriteIt() {
        String creator = tokenWith("creator", "path \"secret/data/*\" { capabilities = [\"create\"] }");
        Response first = call(Operation.UPDATE, "secret/data/new", v2("1"), creator);
        assertThat(first.data()).containsEntry("version", 1L);
        assertThatThrownBy(() -> call(Operation.UPDATE, "secret/data/new", v2("2"), creator))
                .isInstanceOf(PermissionDeniedException.class).hasMessage(PermissionDeniedException.DENIED);
        assertThat(readV2("secret/data/new")).isEqualTo("1");
    }

    @Test
    void kvV2Write_updateOnlyPolicy_overwritesButCannotCreate() {
        call(Operation.UPDATE, "secret/data/existing", v2("1"), root);
        String updater = tokenWith("updater", "path \"secret/data/*\" { capabilities = [\"update\"] }");
        assertThatThrownBy(() -> call(Operation.UPDATE, "secret/data/fresh", v2("1"), updater))
                .isInstanceOf(PermissionDeniedException.class);
        assertThat(call(Operation.READ, "secret/data/fresh", Map.of(), root)).isNull(); // nothing half-written
        call(Operation.UPDATE, "secret/data/existing", v2("2"), updater);
        assertThat(readV2("secret/data/existing")).isEqualTo("2");
    }

    @Test
    void kvV2Patch_needsThePatchCapability() {
        call(Operation.UPDATE, "secret/data/patched", v2("1"), root);
        String updater = tokenWith("upd", "path \"secret/data/*\" { capabilities = [\"update\", \"create\"] }");
        assertThatThrownBy(() -> call(Operation.PATCH, "secret/data/patched", v2("2"), updater))
                .isInstanceOf(PermissionDeniedException.class);
        String patcher = tokenWith("pat", "path \"secret/data/*\" { capabilities = [\"patch\"] }");
        call(Operation.PATCH, "secret/data/patched", v2("3"), patcher);
        assertThat(readV2("secret/data/patched")).isEqualTo("3");
    }

    @Test
    void kvV1Write_createOnlyPolicy_writesANewKeyButCannotOverwriteIt() {
        String creator = tokenWith("v1creator", "path \"kv1/*\" { capabilities = [\"create\"] }");
        assertThat(call(Operation.UPDATE, "kv1/app", Map.of("a", "1"), creator)).isNull();
        assertThatThrownBy(() -> call(Operation.UPDATE, "kv1/app", Map.of("a", "2"), creator))
                .isInstanceOf(PermissionDeniedException.class);
        assertThat(call(Operation.READ, "kv1/app", Map.of(), root).data()).containsEntry("a", "1");
    }

    @Test
    void tokenCreate_hasNoExistenceCheck_soItNeedsUpdateNotCreate() {
        String createOnly = tokenWith("tc", "path \"auth/token/create\" { capabilities = [\"create\"] }");
        assertThatThrownBy(() -> call(Operation.UPDATE, "auth/token/create", Map.of(), createOnly))
                .isInstanceOf(PermissionDeniedException.class);
        String updateOnly = tokenWith("tu", "path \"auth/token/create\" { capabilities = [\"update\"] }");
        assertThat(call(Operation.UPDATE, "auth/token/create", Map.of(), updateOnly).auth()).isNotNull();
    }

    @Test
    void rootProtectedPath_needsSudoAsWellAsTheCapability() {
        String lister = tokenWith("lister", "path \"auth/token/accessors/\" { capabilities = [\"list\"] }");
        assertThatThrownBy(() -> call(Operation.LIST, "auth/token/accessors/", Map.of(), lister))
                .isInstanceOf(PermissionDeniedException.class).hasMessage(PermissionDeniedException.DENIED);
        String sudo = tokenWith("sudolister", "path \"auth/token/accessors/\" { capabilities = [\"list\", \"sudo\"] }");
        assertThat(call(Operation.LIST, "auth/token/accessors/", Map.of(), sudo).data()).containsKey("keys");
    }

    @SuppressWarnings("unchecked")
    private String readV2(String path) {
        Map<String, Object> data = call(Operation.READ, path, Map.of(), root).data();
        return (String) ((Map<String, Object>) data.get("data")).get("k");
    }
}
