package org.yizhan.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yizhan.support.Api;
import org.yizhan.support.TestApp;

@DisplayName("Map page, admin view: sign in with an account's name and password, sign out ends the session")
class SignInBrowserTest {
    static Browser b;
    static final String NAME = "browser-" + System.nanoTime() % 100_000;
    static final String PASSWORD = "a browser pass phrase";

    @BeforeAll
    static void start() {
        Api.Resp r = TestApp.api()
                .post(
                        "/api/v1/accounts",
                        new JsonObject().put("name", NAME).put("role", "editor").put("password", PASSWORD));
        assertEquals(201, r.status(), r.toString());
        b = new Browser();
    }

    @AfterAll
    static void quit() {
        if (b != null) {
            b.close();
        }
    }

    @Test
    @DisplayName(
            "a wrong password is refused with a message; the right one signs in as the account, and signing out revokes its token")
    void passwordSignIn() {
        b.desktop();
        b.open("/#admin");
        b.js("sessionStorage.clear()");
        b.open("/#admin");
        b.visible("#a-name").sendKeys(NAME);
        b.find("#a-password").sendKeys("not the password");
        b.find("#a-login button[type=submit]").click();
        b.waitFor(() -> b.find("#a-login-error").getText().contains("账号或密码不正确"));
        assertEquals(null, b.js("return sessionStorage.getItem('yizhan.token')"));

        b.find("#a-password").sendKeys(PASSWORD);
        b.find("#a-login button[type=submit]").click();
        b.waitFor(() -> b.find("#a-who").getText().contains("editor"));
        String token = (String) b.js("return sessionStorage.getItem('yizhan.token')");
        assertNotNull(token);
        assertEquals(
                NAME,
                TestApp.api()
                        .send(
                                io.vertx.core.http.HttpMethod.GET,
                                "/api/v1/me",
                                null,
                                null,
                                java.util.Map.of("Authorization", "Bearer " + token))
                        .json()
                        .getString("account"));
        assertEquals("", b.find("#a-password").getAttribute("value"), "the password field is cleared");

        b.find("#a-signout").click();
        b.waitFor(() -> TestApp.api()
                        .send(
                                io.vertx.core.http.HttpMethod.GET,
                                "/api/v1/me",
                                null,
                                null,
                                java.util.Map.of("Authorization", "Bearer " + token))
                        .status()
                == 401);
        b.waitFor(() -> b.find("#a-name").isDisplayed());
    }
}
