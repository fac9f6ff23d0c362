package io.strongroom.postgres;

import io.strongroom.storage.Storage;
import io.strongroom.storage.StorageContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The storage conformance suite against a real PostgreSQL (one database, emptied before each test). */
class PostgresStorageContractTest extends StorageContract {

    private static String url;
    private PostgresStorage opened;

    @BeforeAll
    static void database() {
        url = SharedPostgres.freshDatabase("contract");
    }

    @Override
    protected Storage newStorage() throws Exception {
        opened = PostgresStorage.open(SharedPostgres.settings(url, false));
        SharedPostgres.exec(url, "TRUNCATE vault_kv_store");
        return opened;
    }

    @AfterEach
    void closeStorage() {
        if (opened != null) {
            opened.close();
        }
    }
}
