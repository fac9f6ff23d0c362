package io.strongroom.kv;

import static io.strongroom.kv.KvFixture.m;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.logical.Operation;
import io.strongroom.logical.OperationUnsupportedException;
import io.strongroom.logical.Response;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

// vault-compat: dataplane spec 5.3 "wrong paths on a v2 mount" (KV backend.go pathInvalid) and 1.4 (405).
class KvV2PathsTest {

    private final KvFixture kv = new KvFixture(2);

    @ParameterizedTest
    @CsvSource({"READ,foo,get", "UPDATE,foo,put", "CREATE,a/b,put", "PATCH,foo,patch", "DELETE,foo,delete",
            "LIST,foo/,list", "READ,data/foo/,get", "LIST,data/,list", "LIST,config/,list", "READ,subkeys,get"})
    void wrongPath_is404WithCliHint(Operation op, String path, String verb) {
        Response r = kv.call(op, path, Map.of());
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.data()).isNull();
        assertThat(r.warnings()).containsExactly("Invalid path for a versioned K/V secrets engine. See the API docs "
                + "for the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv " + verb
                + "' for this operation.");
    }

    @ParameterizedTest
    @CsvSource({"data", "metadata", "delete", "undelete", "destroy"})
    void mountRootNames_are404WithRootWarning(String path) {
        Response r = kv.call(Operation.READ, path, Map.of());
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.warnings())
                .containsExactly("Non-listing operations on the root of a K/V v2 mount are not supported.");
    }

    @ParameterizedTest
    @CsvSource({"DELETE,config", "PATCH,config", "LIST,config", "READ,delete/app", "DELETE,undelete/app",
            "READ,destroy/app", "LIST,destroy/app/", "UPDATE,subkeys/app", "DELETE,subkeys/app"})
    void existingPath_wrongOperation_is405(Operation op, String path) {
        assertThatThrownBy(() -> kv.call(op, path, m("versions", "1")))
                .isInstanceOf(OperationUnsupportedException.class).hasMessage("unsupported operation");
    }
}
