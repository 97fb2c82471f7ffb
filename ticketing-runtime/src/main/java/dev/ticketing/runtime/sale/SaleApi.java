package dev.ticketing.runtime.sale;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import dev.ticketing.runtime.http.ApiException;
import dev.ticketing.runtime.http.ApiRequest;
import dev.ticketing.runtime.http.ApiResponse;
import dev.ticketing.runtime.http.Responses;
import dev.ticketing.runtime.seating.AvailabilityCache;

/** {@code GET /api/v1/sales/{sale}} and {@code GET /api/v1/sales/{sale}/report}. */
public final class SaleApi {

    private final String saleName;
    private final SalePlan plan;
    private final SaleWindow window;
    private final Clock clock;
    private final AvailabilityCache availability;
    private final ReportCache reports;
    private final ReportAccess reportAccess;

    /** @param reports the report as computed (from PostgreSQL); served from a cache of at most one second */
    public SaleApi(String saleName, SalePlan plan, SaleWindow window, Clock clock, AvailabilityCache availability,
                   SaleReportQuery reports, LongSupplier acceptedBookings, ReportAccess reportAccess) {
        this.saleName = saleName;
        this.plan = plan;
        this.window = window;
        this.clock = clock;
        this.availability = availability;
        this.reports = new ReportCache(() -> reports.report(plan.ticketsTotal(), acceptedBookings.getAsLong()),
                java.time.Duration.ofSeconds(1));
        this.reportAccess = reportAccess;
    }

    public void sale(ApiRequest req, ApiResponse res) {
        requireSale(req);
        List<Map<String, Object>> sections = new ArrayList<>();
        long available = 0;
        for (SalePlan.Section section : plan.sections()) {
            List<Map<String, Object>> subsections = new ArrayList<>();
            long sectionFree = 0;
            for (int sub = 1; sub <= section.subsections(); sub++) {
                int free = Math.max(0, availability.free(section.name(), sub));
                sectionFree += free;
                subsections.add(Map.of("subsection", sub, "available", free, "total", plan.seatsPerSubsection()));
            }
            available += sectionFree;
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", section.name());
            s.put("price", section.price());
            s.put("available", sectionFree);
            s.put("subsections", subsections);
            sections.add(s);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", saleName);
        body.put("displayName", plan.displayName());
        body.put("state", window.state(clock.instant()).wireName());
        body.put("opensAt", window.opensAt() == null ? null : window.opensAt().toString());
        body.put("closesAt", window.closesAt() == null ? null : window.closesAt().toString());
        body.put("rows", plan.rows());
        body.put("seatsPerRow", plan.seatsPerRow());
        body.put("maxTicketsPerBooking", plan.maxTicketsPerBooking());
        body.put("ticketsTotal", plan.ticketsTotal());
        body.put("available", available);
        body.put("sections", sections);
        Responses.json(res, 200, body);
    }

    public void report(ApiRequest req, ApiResponse res) {
        reportAccess.check(req);
        requireSale(req);
        Responses.json(res, 200, reports.get());
    }

    private void requireSale(ApiRequest req) {
        requireSale(req, saleName);
    }

    /** This process serves one sale; any other name in the path is an unknown sale. */
    public static void requireSale(ApiRequest req, String saleName) {
        String sale = req.pathParam("sale");
        if (!saleName.equals(sale)) {
            throw ApiException.notFound("sale", "sale '" + sale + "' does not exist");
        }
    }
}
