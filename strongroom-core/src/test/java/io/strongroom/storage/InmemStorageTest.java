package io.strongroom.storage;

class InmemStorageTest extends StorageContract {
    @Override
    protected Storage newStorage() {
        return new InmemStorage();
    }
}
