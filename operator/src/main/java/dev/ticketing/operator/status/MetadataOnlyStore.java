package dev.ticketing.operator.status;

import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;

/**
 * An informer cache of Secrets without their data: the operator only needs to know which referenced Secrets
 * exist, and keeping every watched Secret's contents in memory would serve nothing but an attacker.
 */
public final class MetadataOnlyStore implements ItemStore<Secret> {

    private final BasicItemStore<Secret> store = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);

    @Override
    public String getKey(Secret secret) {
        return store.getKey(secret);
    }

    @Override
    public Secret put(String key, Secret secret) {
        return store.put(key, new SecretBuilder(secret).withData(null).withStringData(null).build());
    }

    @Override
    public Secret remove(String key) {
        return store.remove(key);
    }

    @Override
    public Stream<String> keySet() {
        return store.keySet();
    }

    @Override
    public Stream<Secret> values() {
        return store.values();
    }

    @Override
    public int size() {
        return store.size();
    }

    @Override
    public Secret get(String key) {
        return store.get(key);
    }
}
