package dev.ticketing.operator.workflow;

import java.security.SecureRandom;
import java.util.Base64;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;

import dev.ticketing.operator.resources.SaleResources;
import dev.ticketing.operator.sale.TicketingSale;

/** The buyer-token signing key: created once with a random value, never updated (that would log everyone out). */
@KubernetesDependent(informer = @Informer(labelSelector = SaleResources.MANAGED_BY_SELECTOR))
public class AuthSecretDependent extends KubernetesDependentResource<Secret, TicketingSale>
        implements Creator<Secret, TicketingSale>, GarbageCollected<TicketingSale> {

    private static final SecureRandom RANDOM = new SecureRandom();

    public AuthSecretDependent() {
        super(Secret.class);
    }

    @Override
    protected Secret desired(TicketingSale sale, Context<TicketingSale> context) {
        byte[] key = new byte[48];
        RANDOM.nextBytes(key);
        return DesiredSale.of(context).resources().authSecret(Base64.getUrlEncoder().withoutPadding().encodeToString(key));
    }
}
