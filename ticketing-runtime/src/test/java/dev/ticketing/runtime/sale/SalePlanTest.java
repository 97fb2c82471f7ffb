package dev.ticketing.runtime.sale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.ticketing.runtime.config.InvalidConfigException;

class SalePlanTest {

    @Test
    void the_seed_layout_has_a_thousand_seats_in_ten_priced_sections() {
        SalePlan plan = SalePlan.seedLayout("Seed");
        assertThat(plan.ticketsTotal()).isEqualTo(1_000);
        assertThat(plan.sections()).hasSize(10);
        assertThat(plan.sections().getFirst().price()).isEqualTo(3000);
        assertThat(plan.sections().getLast().price()).isEqualTo(800);
        assertThat(SalePlan.parse(plan.toJson())).isEqualTo(plan);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not JSON            | {rows:                                                                    | not valid JSON",
            "no sections         | {\"rows\":2,\"seatsPerRow\":5,\"sections\":[]}                            | sections",
            "rows as text        | {\"rows\":\"2\",\"seatsPerRow\":5,\"sections\":[{\"name\":\"A\",\"price\":1,\"subsections\":1}]} | SALE_PLAN.rows",
            "zero rows           | {\"rows\":0,\"seatsPerRow\":5,\"sections\":[{\"name\":\"A\",\"price\":1,\"subsections\":1}]} | at least 1",
            "grid too large      | {\"rows\":200,\"seatsPerRow\":100,\"sections\":[{\"name\":\"A\",\"price\":1,\"subsections\":1}]} | at most 10000",
            "bad section name    | {\"rows\":2,\"seatsPerRow\":5,\"sections\":[{\"name\":\"a1\",\"price\":1,\"subsections\":1}]} | one letter",
            "duplicate section   | {\"rows\":2,\"seatsPerRow\":5,\"sections\":[{\"name\":\"A\",\"price\":1,\"subsections\":1},{\"name\":\"A\",\"price\":1,\"subsections\":1}]} | twice",
            "negative price      | {\"rows\":2,\"seatsPerRow\":5,\"sections\":[{\"name\":\"A\",\"price\":-1,\"subsections\":1}]} | price",
            "too many per order  | {\"rows\":2,\"seatsPerRow\":5,\"maxTicketsPerBooking\":11,\"sections\":[{\"name\":\"A\",\"price\":1,\"subsections\":1}]} | maxTicketsPerBooking",
            "too many seats      | {\"rows\":100,\"seatsPerRow\":100,\"sections\":[{\"name\":\"A\",\"price\":1,\"subsections\":600}]} | exceed"})
    void an_invalid_plan_is_refused_with_a_message_naming_the_problem(String name, String json, String message) {
        assertThatThrownBy(() -> SalePlan.parse(json)).isInstanceOf(InvalidConfigException.class).hasMessageContaining(message);
    }
}
