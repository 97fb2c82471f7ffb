package dev.ticketing.runtime;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import dev.ticketing.runtime.config.InvalidConfigException;

/** What a process does; one image runs any of them, chosen by argument. */
public enum Role {
    INIT, API, CONSUMER;

    public static Set<Role> parse(String... args) {
        if (args.length == 0) {
            throw new InvalidConfigException("usage: ticketing-runtime <init|api|consumer>... (e.g. 'api' or 'init api consumer')");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String arg : args) {
            try {
                roles.add(valueOf(arg.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException("unknown role '" + arg + "'; expected init, api or consumer");
            }
        }
        return roles;
    }
}
