package dev.ticketing.runtime.http;

/** A handler of one route: plain blocking code on a virtual thread. */
@FunctionalInterface
public interface Route {

    void handle(ApiRequest request, ApiResponse response) throws Exception;
}
