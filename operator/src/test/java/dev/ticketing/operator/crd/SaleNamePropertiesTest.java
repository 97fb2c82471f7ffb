package dev.ticketing.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import dev.ticketing.operator.resources.SaleResources;
import dev.ticketing.operator.sale.PlanShape;
import dev.ticketing.operator.sale.SaleNames;
import dev.ticketing.operator.sale.TicketingSale;
import dev.ticketing.operator.sale.TicketingSaleSpec;
import dev.ticketing.runtime.config.Env;
import dev.ticketing.runtime.config.RuntimeConfig;
import dev.ticketing.runtime.sale.SalePlan;

/**
 * Properties over generated names and plans: the CRD's CEL rule, the operator's own check and the runtime agree,
 * and every name the CRD accepts yields valid names for everything derived from it.
 */
class SaleNamePropertiesTest {

    private static final Pattern DNS_1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_1123_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final Pattern KAFKA_TOPIC = Pattern.compile("[a-zA-Z0-9._-]+");
    /** The longest namespace Kubernetes allows. */
    private static final String LONGEST_NAMESPACE = "n".repeat(63);

    @Property(tries = 3000)
    void the_crd_rule_and_the_operator_agree_and_accepted_names_derive_valid_names(@ForAll("names") String name)
            throws Exception {
        TicketingSale sale = CrdRulesTest.sale(name, -1);
        sale.getMetadata().setNamespace(LONGEST_NAMESPACE);
        boolean acceptedByCrd = CrdRulesTest.validAt("", sale, null);
        assertThat(SaleNames.problem(name).isEmpty()).as("operator check for %s", name).isEqualTo(acceptedByCrd);
        if (!acceptedByCrd) {
            return;
        }
        assertThat(SaleResources.apiName(name)).matches(DNS_1035).hasSizeLessThanOrEqualTo(63);
        String jobName = SaleResources.initJobName(name);
        assertThat(jobName).as("the job-name label of init pods").matches(LABEL_VALUE).hasSizeLessThanOrEqualTo(63);
        for (String object : List.of(SaleResources.configName(name), SaleResources.authSecretName(name), jobName,
                SaleResources.consumerName(name))) {
            assertThat(object).matches(DNS_1123_SUBDOMAIN).hasSizeLessThanOrEqualTo(253);
        }
        assertThat(SaleResources.from(sale, "img").labels("api").values())
                .allSatisfy(value -> assertThat(value).matches(LABEL_VALUE).hasSizeLessThanOrEqualTo(63));
        String dlq = SaleResources.commandsTopic(LONGEST_NAMESPACE, name) + ".dlq";
        assertThat(dlq).matches(KAFKA_TOPIC).hasSizeLessThanOrEqualTo(249);
        RuntimeConfig runtime = RuntimeConfig.from(new Env(Map.of("SALE_NAME", name, "SALE_NAMESPACE", LONGEST_NAMESPACE)));
        assertThat(runtime.commandsTopic()).isEqualTo(SaleResources.commandsTopic(LONGEST_NAMESPACE, name));
    }

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> anything = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9')
                .withChars('-', '.', '_', 'A', 'Z').ofMinLength(1).ofMaxLength(70);
        Arbitrary<String> nearTheLimit = Arbitraries.strings().withCharRange('a', 'z').withChars('-').ofMinLength(55)
                .ofMaxLength(61).map(s -> "s" + s.substring(1, s.length() - 1) + "0");
        return Arbitraries.oneOf(anything, nearTheLimit);
    }

    @Property(tries = 500)
    void the_crd_the_operator_and_the_runtime_agree_on_what_changes_a_plans_shape(@ForAll("plans") SalePlan before,
                                                                                 @ForAll("plans") SalePlan after)
            throws Exception {
        boolean sameForRuntime = before.sameShapeAs(after);
        boolean sameForOperator = PlanShape.ofPlanJson(before.toJson()).equals(PlanShape.ofPlanJson(after.toJson()));
        TicketingSale old = sale(before, 40);
        TicketingSale edited = sale(after, 40);
        boolean acceptedByCrd = CrdRulesTest.validAt("", edited, old);
        assertThat(sameForOperator).isEqualTo(sameForRuntime);
        assertThat(acceptedByCrd).isEqualTo(sameForRuntime);
    }

    /** Small plans that often share a shape, so both outcomes are common. */
    @Provide
    Arbitrary<SalePlan> plans() {
        Arbitrary<SalePlan.Section> section = net.jqwik.api.Combinators.combine(Arbitraries.of("A", "B", "C"),
                Arbitraries.of(100, 200), Arbitraries.integers().between(1, 2)).as(SalePlan.Section::new);
        return net.jqwik.api.Combinators.combine(Arbitraries.integers().between(1, 2), Arbitraries.integers().between(4, 5),
                section.list().ofMinSize(1).ofMaxSize(2).uniqueElements(SalePlan.Section::name), Arbitraries.of("x", "y"))
                .as((rows, perRow, sections, display) -> new SalePlan(display, rows, perRow, 4, sections));
    }

    private static TicketingSale sale(SalePlan plan, long bookings) {
        TicketingSale sale = CrdRulesTest.sale("night-1", bookings);
        TicketingSaleSpec.Seating seating = new TicketingSaleSpec.Seating();
        seating.rows = plan.rows();
        seating.seatsPerRow = plan.seatsPerRow();
        seating.sections = new java.util.ArrayList<>();
        for (SalePlan.Section s : plan.sections()) {
            TicketingSaleSpec.Section section = new TicketingSaleSpec.Section();
            section.name = s.name();
            section.price = s.price();
            section.subsections = s.subsections();
            seating.sections.add(section);
        }
        sale.getSpec().seating = seating;
        sale.getSpec().displayName = plan.displayName();
        return sale;
    }
}
