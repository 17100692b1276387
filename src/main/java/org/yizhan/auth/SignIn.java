package org.yizhan.auth;

import java.time.Clock;
import java.time.Duration;

/**
 * What the routers of all event loops share for sign-ins: one {@link LoginThrottle} (so that a client's
 * limits do not depend on its connection's event loop) and how long a session token lasts.
 */
public record SignIn(LoginThrottle throttle, Duration sessionTtl) {

    public static SignIn of(Clock clock, Duration sessionTtl) {
        return new SignIn(new LoginThrottle(clock), sessionTtl);
    }
}
